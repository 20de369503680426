import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toastStore } from '@/components/ui';
import { ApiError, type ApiClient, type UploadOptions } from '@/lib/api/client';
import type { Attachment } from '@/lib/socket/protocol';
import { AttachmentTray } from './AttachmentTray';
import { MAX_ATTACHMENTS, MAX_UPLOAD_BYTES } from './limits';
import { useUploads, type Uploads } from './useUploads';

interface PendingUpload {
  path: string;
  file: Blob;
  name: string;
  opts: UploadOptions;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

function fakeApi() {
  const pending: PendingUpload[] = [];
  const api = {
    upload: vi.fn(
      (path: string, file: Blob, name: string, opts: UploadOptions = {}) =>
        new Promise((resolve, reject) => {
          pending.push({ path, file, name, opts, resolve, reject });
          opts.signal?.addEventListener('abort', () => reject(new DOMException('cancelled', 'AbortError')));
        }),
    ),
    delete: vi.fn(() => Promise.resolve()),
  };
  return { api: api as unknown as ApiClient, raw: api, pending };
}

function attachment(id: string, name: string): Attachment {
  return { id, file_name: name, content_type: 'image/png', size: 3, url: `/api/v1/attachments/${id}/${name}` };
}

function file(name: string, type = 'image/png', size?: number): File {
  const f = new File(['abc'], name, { type });
  if (size !== undefined) Object.defineProperty(f, 'size', { value: size });
  return f;
}

function setup() {
  const fake = fakeApi();
  const ref: { current: Uploads | null } = { current: null };
  function Harness() {
    const uploads = useUploads(fake.api);
    ref.current = uploads;
    return <AttachmentTray uploads={uploads} />;
  }
  const view = render(<Harness />);
  return { ...fake, view, uploads: () => ref.current! };
}

async function settle() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  });
}

describe('useUploads', () => {
  let created: string[];
  let revoked: string[];

  beforeEach(() => {
    toastStore.getState().clear();
    created = [];
    revoked = [];
    let n = 0;
    URL.createObjectURL = vi.fn(() => {
      const url = `blob:preview-${++n}`;
      created.push(url);
      return url;
    });
    URL.revokeObjectURL = vi.fn((url: string) => void revoked.push(url));
  });

  it('uploads at once to POST /attachments, shows progress, then lists the attachment as ready', async () => {
    const t = setup();
    act(() => void t.uploads().add([file('cat.png')]));

    expect(t.raw.upload).toHaveBeenCalledOnce();
    expect(t.pending[0]!.path).toBe('/attachments');
    expect(t.pending[0]!.name).toBe('cat.png');
    expect(t.uploads().busy).toBe(true);
    expect(t.uploads().items[0]!.previewUrl).toBe('blob:preview-1');

    act(() => t.pending[0]!.opts.onProgress?.(30, 120));
    const bar = screen.getByRole('progressbar', { name: 'Uploading cat.png' });
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect(t.uploads().items[0]!.progress).toBe(0.25);

    t.pending[0]!.resolve({ attachment: attachment('900', 'cat.png') });
    await settle();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(t.uploads().busy).toBe(false);
    expect(t.uploads().items[0]!.state).toBe('done');
    expect(t.uploads().ready).toEqual([attachment('900', 'cat.png')]);
  });

  it('shows a failure in words and uploads again on Retry', async () => {
    const user = userEvent.setup();
    const t = setup();
    act(() => void t.uploads().add([file('notes.txt', 'text/plain')]));
    t.pending[0]!.reject(
      new ApiError(429, { code: 'rate_limited', message: 'Too many uploads.' }, 12),
    );
    await settle();
    expect(t.uploads().failed).toBe(true);
    expect(screen.getByRole('alert').textContent).toBe('Too many uploads: try again in 12 s.');
    expect(t.uploads().ready).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Retry notes.txt' }));
    expect(t.raw.upload).toHaveBeenCalledTimes(2);
    expect(t.uploads().failed).toBe(false);
    expect(screen.getByRole('progressbar', { name: 'Uploading notes.txt' })).toBeTruthy();
    t.pending[1]!.resolve({ attachment: { ...attachment('901', 'notes.txt'), content_type: 'text/plain' } });
    await settle();
    expect(t.uploads().ready.map((a) => a.id)).toEqual(['901']);
  });

  it('explains a 413 with the server limit', async () => {
    const t = setup();
    act(() => void t.uploads().add([file('big.zip', 'application/zip')]));
    t.pending[0]!.reject(
      new ApiError(413, { code: 'payload_too_large', message: 'The file is larger than 10485760 bytes.' }),
    );
    await settle();
    expect(t.uploads().items[0]!.error).toBe('Too large: the server accepts files up to 10 MB.');
  });

  it('refuses files over the size limit up front, in words', () => {
    const t = setup();
    let refusals: string[] = [];
    act(() => {
      refusals = t.uploads().add([file('movie.mp4', 'video/mp4', MAX_UPLOAD_BYTES + 1), file('ok.png')]);
    });
    expect(refusals).toEqual(['movie.mp4 is too large (25 MB): files can be at most 25 MB.']);
    expect(t.raw.upload).toHaveBeenCalledOnce();
    expect(t.uploads().items.map((i) => i.file.name)).toEqual(['ok.png']);
    expect(toastStore.getState().toasts.at(-1)?.message).toContain('movie.mp4 is too large');
  });

  it(`refuses more than ${MAX_ATTACHMENTS} files per message`, () => {
    const t = setup();
    act(() => void t.uploads().add(Array.from({ length: 8 }, (_, i) => file(`a${i}.png`))));
    let refusals: string[] = [];
    act(() => {
      refusals = t.uploads().add(Array.from({ length: 4 }, (_, i) => file(`b${i}.png`)));
    });
    expect(t.uploads().items).toHaveLength(MAX_ATTACHMENTS);
    expect(refusals).toEqual(['A message can carry at most 10 files: 2 files were left out.']);
    expect(t.raw.upload).toHaveBeenCalledTimes(MAX_ATTACHMENTS);
  });

  it('keeps the order of the ready list whatever order uploads finish in', async () => {
    const t = setup();
    act(() => void t.uploads().add([file('1.png'), file('2.png')]));
    t.pending[1]!.resolve({ attachment: attachment('2', '2.png') });
    await settle();
    expect(t.uploads().ready.map((a) => a.id)).toEqual(['2']);
    expect(t.uploads().busy).toBe(true);
    t.pending[0]!.resolve({ attachment: attachment('1', '1.png') });
    await settle();
    expect(t.uploads().ready.map((a) => a.id)).toEqual(['1', '2']);
  });

  it('removing cancels an upload in flight, or takes an uploaded file back, and frees the preview', async () => {
    const user = userEvent.setup();
    const t = setup();
    act(() => void t.uploads().add([file('a.png'), file('b.png')]));
    t.pending[1]!.resolve({ attachment: attachment('77', 'b.png') });
    await settle();

    await user.click(screen.getByRole('button', { name: 'Remove a.png' }));
    expect(t.pending[0]!.opts.signal?.aborted).toBe(true);
    expect(revoked).toContain('blob:preview-1');
    expect(t.raw.delete).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Remove b.png' }));
    expect(t.raw.delete).toHaveBeenCalledWith('/attachments/77');
    expect(revoked).toContain('blob:preview-2');
    expect(t.uploads().items).toEqual([]);
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('clear() forgets everything without deleting what the message now uses; unmount frees previews', async () => {
    const t = setup();
    act(() => void t.uploads().add([file('a.png')]));
    t.pending[0]!.resolve({ attachment: attachment('5', 'a.png') });
    await settle();
    act(() => t.uploads().clear());
    expect(t.uploads().items).toEqual([]);
    expect(t.raw.delete).not.toHaveBeenCalled();
    expect(revoked).toEqual(['blob:preview-1']);

    act(() => void t.uploads().add([file('c.png')]));
    t.view.unmount();
    expect(t.pending[1]!.opts.signal?.aborted).toBe(true);
    expect(revoked).toEqual(['blob:preview-1', 'blob:preview-2']);
  });

  it('shows a file icon, name and size for files that are not images', () => {
    const t = setup();
    act(() => void t.uploads().add([file('report.pdf', 'application/pdf')]));
    expect(t.uploads().items[0]!.previewUrl).toBeNull();
    expect(screen.getByText('report.pdf')).toBeTruthy();
    expect(screen.getByText('3 bytes')).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
  });
});
