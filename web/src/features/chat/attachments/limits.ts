// What POST /attachments and message:send accept (docs/API.md "Attachments"), checked before
// anything is sent so the user hears at once why a file was left out.
import { formatBytes } from '@/features/chat/format';

/** OPENCHAT_MAX_UPLOAD's default; a server set lower still answers 413, shown in words too. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
/** message:send takes at most 10 attachment ids. */
export const MAX_ATTACHMENTS = 10;

export interface Screened {
  accepted: File[];
  /** One sentence per refusal, ready for a toast. */
  refusals: string[];
}

/** Splits the dropped or chosen files into those that can be queued and the reasons for the rest. */
export function screenFiles(files: readonly File[], alreadyQueued: number, maxBytes = MAX_UPLOAD_BYTES): Screened {
  const accepted: File[] = [];
  const refusals: string[] = [];
  let leftOut = 0;
  for (const file of files) {
    if (file.size === 0) {
      refusals.push(`${file.name || 'That file'} is empty.`);
    } else if (file.size > maxBytes) {
      refusals.push(`${file.name || 'That file'} is too large (${formatBytes(file.size)}): files can be at most ${formatBytes(maxBytes)}.`);
    } else if (alreadyQueued + accepted.length >= MAX_ATTACHMENTS) {
      leftOut++;
    } else {
      accepted.push(file);
    }
  }
  if (leftOut > 0) {
    refusals.push(
      `A message can carry at most ${MAX_ATTACHMENTS} files: ${leftOut} ${leftOut === 1 ? 'file was' : 'files were'} left out.`,
    );
  }
  return { accepted, refusals };
}
