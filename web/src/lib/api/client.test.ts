import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, errorMessage } from './client';

/** A fetch that answers every call with the given status, body and headers, and records calls. */
function fakeFetch(status: number, body: string, headers: Record<string, string> = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return new Response(status === 204 ? null : body, { status, headers });
  });
  return { fn: fn as unknown as typeof fetch, calls };
}

describe('createApiClient', () => {
  it('sends JSON same-origin under /api/v1 and returns the parsed answer', async () => {
    const { fn, calls } = fakeFetch(201, '{"zone":{"id":"7"}}');
    const api = createApiClient({ fetch: fn });
    const out = await api.post<{ zone: { id: string } }>('/zones', { name: 'Café' });
    expect(out.zone.id).toBe('7');
    expect(calls[0]?.url).toBe('/api/v1/zones');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect(calls[0]?.init.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(calls[0]?.init.body).toBe('{"name":"Café"}');
  });

  it('builds query strings, leaving out undefined values and encoding the rest', async () => {
    const { fn, calls } = fakeFetch(200, '{"messages":[]}');
    const api = createApiClient({ fetch: fn, baseUrl: 'http://chat.example' });
    await api.get('/channels/5/messages', { query: { before: '99', after: undefined, q: 'a b&c' } });
    expect(calls[0]?.url).toBe('http://chat.example/api/v1/channels/5/messages?before=99&q=a+b%26c');
    expect(calls[0]?.init.body).toBeUndefined();
  });

  it('puts raw bytes as they are, without a JSON content type', async () => {
    const { fn, calls } = fakeFetch(200, '{"zone":{"id":"7"}}');
    const picture = new Blob(['png bytes'], { type: 'image/png' });
    await createApiClient({ fetch: fn }).putBlob('/zones/7/icon', picture);
    expect(calls[0]?.init.method).toBe('PUT');
    expect(calls[0]?.init.body).toBe(picture);
    expect(calls[0]?.init.headers).toEqual({});
  });

  it('resolves 204 with undefined', async () => {
    const { fn, calls } = fakeFetch(204, '');
    await expect(createApiClient({ fetch: fn }).delete('/friends/3')).resolves.toBeUndefined();
    expect(calls[0]?.init.body).toBeUndefined();
  });

  it('sends a JSON body with DELETE when given one', async () => {
    const { fn, calls } = fakeFetch(204, '');
    await createApiClient({ fetch: fn }).delete('/users/me', { body: { password: 'pw' } });
    expect(calls[0]?.init.method).toBe('DELETE');
    expect(calls[0]?.init.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(calls[0]?.init.body).toBe('{"password":"pw"}');
  });

  it("turns the server's error body into an ApiError with code, field and words", async () => {
    const { fn } = fakeFetch(
      422,
      '{"error":{"code":"invalid_field","message":"name must be 1-100 characters.","field":"name"}}',
    );
    const err = await createApiClient({ fetch: fn })
      .post('/zones', { name: '' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect([e.status, e.code, e.field, e.message]).toEqual([
      422,
      'invalid_field',
      'name',
      'name must be 1-100 characters.',
    ]);
    expect(errorMessage(e)).toBe('name must be 1-100 characters.');
  });

  it('reads Retry-After on 429', async () => {
    const { fn } = fakeFetch(429, '{"error":{"code":"rate_limited","message":"Slow down."}}', {
      'Retry-After': '12',
    });
    const e = (await createApiClient({ fetch: fn })
      .get('/zones/1/search', { query: { q: 'x' } })
      .catch((x: unknown) => x)) as ApiError;
    expect([e.code, e.retryAfter]).toEqual(['rate_limited', 12]);
  });

  it('gives words for answers without a usable error body', async () => {
    for (const [status, body, code] of [
      [502, '<html>Bad gateway</html>', 'server_error'],
      [404, '', 'not_found'],
      [418, '{"error":"teapot"}', 'http_418'],
    ] as const) {
      const { fn } = fakeFetch(status, body);
      const e = (await createApiClient({ fetch: fn })
        .get('/x')
        .catch((x: unknown) => x)) as ApiError;
      expect(e.code).toBe(code);
      expect(e.message.length).toBeGreaterThan(5);
    }
  });

  it('reports a request that never got an answer as a network error', async () => {
    const fn = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const e = (await createApiClient({ fetch: fn })
      .get('/users/me')
      .catch((x: unknown) => x)) as ApiError;
    expect([e.status, e.code]).toEqual([0, 'network']);
  });

  it('calls onUnauthenticated on 401 only', async () => {
    const onUnauthenticated = vi.fn();
    const gone = fakeFetch(401, '{"error":{"code":"unauthenticated","message":"Sign in."}}');
    await createApiClient({ fetch: gone.fn, onUnauthenticated })
      .get('/users/me')
      .catch(() => undefined);
    const forbidden = fakeFetch(403, '{"error":{"code":"csrf","message":"Bad origin."}}');
    await createApiClient({ fetch: forbidden.fn, onUnauthenticated })
      .post('/zones', {})
      .catch(() => undefined);
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('lets an aborted request reject as an abort, not as an ApiError', async () => {
    const fn = vi.fn(async (_: RequestInfo | URL, init?: RequestInit) => {
      if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      return new Response('{}');
    }) as unknown as typeof fetch;
    const ctl = new AbortController();
    ctl.abort();
    const err = await createApiClient({ fetch: fn })
      .get('/zones', { signal: ctl.signal })
      .catch((x: unknown) => x);
    expect(err).toBeInstanceOf(DOMException);
    expect(errorMessage(err)).toBe('Cancelled.');
  });
});

/** A stand-in XMLHttpRequest driven by the test. */
class FakeXhr {
  static last: FakeXhr | undefined;
  method = '';
  url = '';
  withCredentials = false;
  status = 0;
  responseText = '';
  headers: Record<string, string> = {};
  sent: FormData | undefined;
  aborted = false;
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  send(body: FormData) {
    this.sent = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  getResponseHeader(name: string) {
    return this.headers[name.toLowerCase()] ?? null;
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
  }
  answer(status: number, text: string, headers: Record<string, string> = {}) {
    this.status = status;
    this.responseText = text;
    this.headers = headers;
    this.onload?.();
  }
}

describe('upload', () => {
  const xhr = () => new FakeXhr() as unknown as XMLHttpRequest;

  it('posts the file as multipart with credentials and reports progress', async () => {
    const api = createApiClient({ xhr });
    const progress: [number, number][] = [];
    const done = api.upload<{ attachment: { id: string } }>(
      '/attachments',
      new Blob(['hello']),
      'hello.txt',
      { onProgress: (a, b) => progress.push([a, b]) },
    );
    const x = FakeXhr.last!;
    expect([x.method, x.url, x.withCredentials]).toEqual(['POST', '/api/v1/attachments', true]);
    const part = x.sent?.get('file');
    expect(part).toBeInstanceOf(File);
    expect((part as File).name).toBe('hello.txt');
    x.progress(2, 5);
    x.progress(5, 5);
    x.answer(201, '{"attachment":{"id":"42"}}');
    expect((await done).attachment.id).toBe('42');
    expect(progress).toEqual([
      [2, 5],
      [5, 5],
    ]);
  });

  it('rejects with the server error, e.g. 413', async () => {
    const api = createApiClient({ xhr });
    const done = api.upload('/attachments', new Blob(['x']), 'x.bin').catch((e: unknown) => e);
    FakeXhr.last!.answer(413, '{"error":{"code":"too_large","message":"At most 25 MB."}}');
    const e = (await done) as ApiError;
    expect([e.status, e.code, e.message]).toEqual([413, 'too_large', 'At most 25 MB.']);
  });

  it('can be cancelled, and a network failure is a network error', async () => {
    const api = createApiClient({ xhr });
    const ctl = new AbortController();
    const cancelled = api
      .upload('/attachments', new Blob(['x']), 'x', { signal: ctl.signal })
      .catch((e: unknown) => e);
    ctl.abort();
    expect(FakeXhr.last!.aborted).toBe(true);
    expect(await cancelled).toBeInstanceOf(DOMException);

    const failed = api.upload('/attachments', new Blob(['x']), 'x').catch((e: unknown) => e);
    FakeXhr.last!.onerror?.();
    expect(((await failed) as ApiError).code).toBe('network');
  });
});
