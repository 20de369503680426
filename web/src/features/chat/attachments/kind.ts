// How a message shows an attachment, from the type the server sniffed from its bytes (PNG,
// JPEG, GIF and WebP are the only image/* it names; the rest downloads).
import type { Attachment } from '@/lib/socket/protocol';

export type AttachmentKind = 'image' | 'video' | 'audio' | 'file';

export function attachmentKind(a: Pick<Attachment, 'content_type'>): AttachmentKind {
  const type = a.content_type.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  return 'file';
}
