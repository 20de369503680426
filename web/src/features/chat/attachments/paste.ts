// Files pasted into the composer (a screenshot, an image copied from a page). Pasted images
// often arrive nameless or all called "image.png": give them a distinct, dated name.
import type { ClipboardEvent as ReactClipboardEvent } from 'react';

function pastedName(file: File, index: number, now: Date): string {
  if (file.name && file.name !== 'image.png') return file.name;
  const ext = /^image\/(png|jpeg|gif|webp)$/.exec(file.type)?.[1]?.replace('jpeg', 'jpg') ?? 'png';
  const stamp = now.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return `pasted-${stamp}${index > 0 ? `-${index + 1}` : ''}.${ext}`;
}

export function filesFromPaste(event: ClipboardEvent | ReactClipboardEvent, now: Date = new Date()): File[] {
  const data = event.clipboardData;
  if (!data) return [];
  let files: File[] = [];
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind !== 'file') continue;
    const f = item.getAsFile();
    if (f) files.push(f);
  }
  if (files.length === 0) files = Array.from(data.files ?? []);
  return files.map((f, i) => {
    const name = pastedName(f, i, now);
    return name === f.name ? f : new File([f], name, { type: f.type, lastModified: f.lastModified });
  });
}
