// Words for a failed upload, naming the file; the server's own message otherwise.
import { ApiError, errorMessage } from '@/lib/api/client';
import { formatBytes } from '@/features/chat/format';

export function uploadErrorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'payload_too_large' || err.code === 'body_too_large' || err.status === 413) {
      // The server's message gives its limit in bytes.
      const limit = /(\d{4,})/.exec(err.message)?.[1];
      return limit ? `Too large: the server accepts files up to ${formatBytes(Number(limit))}.` : 'Too large for the server.';
    }
    if (err.status === 429) {
      return err.retryAfter !== undefined
        ? `Too many uploads: try again in ${Math.max(1, Math.ceil(err.retryAfter))} s.`
        : 'Too many uploads: try again shortly.';
    }
  }
  return errorMessage(err);
}
