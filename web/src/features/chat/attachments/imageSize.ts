// Sizes of image previews. Attachments carry no dimensions, so an image's natural size is
// remembered once it has loaded: a message scrolled out and back (the list is virtualised)
// then reserves its exact box instead of jumping.

export const PREVIEW_MAX_WIDTH = 400;
export const PREVIEW_MAX_HEIGHT = 300;
/** The box held for an image never loaded in this tab yet. */
export const PLACEHOLDER_SIZE = { width: 240, height: 180 } as const;

export interface Size {
  width: number;
  height: number;
}

/** Scaled down (never up) to fit in maxWidth × maxHeight, keeping the aspect ratio. */
export function fitWithin(size: Size, maxWidth = PREVIEW_MAX_WIDTH, maxHeight = PREVIEW_MAX_HEIGHT): Size {
  if (size.width <= 0 || size.height <= 0) return { ...PLACEHOLDER_SIZE };
  const scale = Math.min(1, maxWidth / size.width, maxHeight / size.height);
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

const known = new Map<string, Size>();
const MAX_KNOWN = 2000;

export function knownSize(attachmentId: string): Size | undefined {
  return known.get(attachmentId);
}

export function rememberSize(attachmentId: string, size: Size): void {
  if (known.size >= MAX_KNOWN) {
    const oldest = known.keys().next().value;
    if (oldest !== undefined) known.delete(oldest);
  }
  known.set(attachmentId, size);
}
