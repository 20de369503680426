// The files queued for the message being written: each one uploads at once (POST /attachments)
// with its progress; failures can be retried, removals cancel or take the upload back, and
// image previews are object URLs released as soon as they are no longer shown.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { toast } from '@/components/ui';
import type { ApiClient } from '@/lib/api/client';
import type { Attachment } from '@/lib/socket/protocol';
import { screenFiles } from './limits';
import { uploadErrorMessage } from './uploadError';

export type UploadState = 'uploading' | 'done' | 'failed';

export interface UploadItem {
  localId: string;
  file: File;
  /** An object URL for an image's thumbnail, null for other files. */
  previewUrl: string | null;
  /** 0..1 */
  progress: number;
  state: UploadState;
  error?: string;
  attachment?: Attachment;
}

export interface Uploads {
  items: UploadItem[];
  /** Queues and starts uploading; refused files are announced in a toast and returned as words. */
  add(files: File[] | FileList): string[];
  remove(localId: string): void;
  retry(localId: string): void;
  /** Forgets everything (after sending: the server keeps what the message uses). */
  clear(): void;
  /** The uploaded attachments, in the order they were added: message:send's `attachments`. */
  ready: Attachment[];
  /** Any still uploading. */
  busy: boolean;
  /** Any failed. */
  failed: boolean;
}

let seq = 0;

function previewOf(file: File): string | null {
  if (!file.type.startsWith('image/') || typeof URL.createObjectURL !== 'function') return null;
  return URL.createObjectURL(file);
}

function revoke(url: string | null) {
  if (url && typeof URL.revokeObjectURL === 'function') URL.revokeObjectURL(url);
}

export function useUploads(api: ApiClient): Uploads {
  const [items, setItems] = useState<UploadItem[]>([]);
  // The list as of the last change, readable synchronously (two add() calls in one tick).
  const list = useRef<UploadItem[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const apiRef = useRef(api);
  apiRef.current = api;

  const commit = useCallback((change: (items: UploadItem[]) => UploadItem[]) => {
    list.current = change(list.current);
    setItems(list.current);
  }, []);

  const patch = useCallback(
    (localId: string, fields: Partial<UploadItem>) =>
      commit((all) => all.map((i) => (i.localId === localId ? { ...i, ...fields } : i))),
    [commit],
  );

  const start = useCallback(
    (localId: string, file: File) => {
      const controller = new AbortController();
      controllers.current.set(localId, controller);
      apiRef.current
        .upload<{ attachment: Attachment }>('/attachments', file, file.name, {
          signal: controller.signal,
          onProgress: (sent, total) => {
            if (!controller.signal.aborted && total > 0) patch(localId, { progress: Math.min(1, sent / total) });
          },
        })
        .then(
          (answer) => {
            controllers.current.delete(localId);
            patch(localId, { state: 'done', progress: 1, attachment: answer.attachment, error: undefined });
          },
          (err: unknown) => {
            controllers.current.delete(localId);
            if (controller.signal.aborted) return; // removed or cleared meanwhile
            patch(localId, { state: 'failed', error: uploadErrorMessage(err) });
          },
        );
    },
    [patch],
  );

  const add = useCallback(
    (files: File[] | FileList): string[] => {
      const { accepted, refusals } = screenFiles(Array.from(files), list.current.length);
      if (refusals.length > 0) toast.error(refusals.join(' '), { title: 'Some files were not added' });
      const fresh = accepted.map(
        (file): UploadItem => ({
          localId: `upload-${++seq}`,
          file,
          previewUrl: previewOf(file),
          progress: 0,
          state: 'uploading',
        }),
      );
      if (fresh.length > 0) {
        commit((all) => [...all, ...fresh]);
        for (const item of fresh) start(item.localId, item.file);
      }
      return refusals;
    },
    [commit, start],
  );

  const remove = useCallback(
    (localId: string) => {
      const item = list.current.find((i) => i.localId === localId);
      if (!item) return;
      controllers.current.get(localId)?.abort();
      controllers.current.delete(localId);
      revoke(item.previewUrl);
      commit((all) => all.filter((i) => i.localId !== localId));
      // Best effort: an unused upload is deleted by the server after a day anyway.
      if (item.attachment) {
        apiRef.current.delete(`/attachments/${encodeURIComponent(item.attachment.id)}`).catch(() => undefined);
      }
    },
    [commit],
  );

  const retry = useCallback(
    (localId: string) => {
      const item = list.current.find((i) => i.localId === localId);
      if (!item || item.state !== 'failed') return;
      patch(localId, { state: 'uploading', progress: 0, error: undefined });
      start(localId, item.file);
    },
    [patch, start],
  );

  const clear = useCallback(() => {
    for (const c of controllers.current.values()) c.abort();
    controllers.current.clear();
    for (const i of list.current) revoke(i.previewUrl);
    commit(() => []);
  }, [commit]);

  // Leaving the conversation: stop the transfers and release the previews.
  useEffect(
    () => () => {
      for (const c of controllers.current.values()) c.abort();
      controllers.current.clear();
      for (const i of list.current) revoke(i.previewUrl);
    },
    [],
  );

  const ready = useMemo(
    () => items.flatMap((i) => (i.state === 'done' && i.attachment ? [i.attachment] : [])),
    [items],
  );
  const busy = items.some((i) => i.state === 'uploading');
  const failed = items.some((i) => i.state === 'failed');

  return useMemo(
    () => ({ items, add, remove, retry, clear, ready, busy, failed }),
    [items, add, remove, retry, clear, ready, busy, failed],
  );
}
