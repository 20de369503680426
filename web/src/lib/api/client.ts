// The one typed client for the REST API (/api/v1, docs/API.md). The session travels in the
// HttpOnly cookie the server sets, so requests go same-origin with credentials; the browser's
// Origin header satisfies the server's CSRF check. Every failure becomes an ApiError whose
// message can be shown to the user as it is.

export const API_PREFIX = '/api/v1';

/** The server's error shape: {"error": {"code", "message", "field"?}}. */
export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
}

export class ApiError extends Error {
  readonly status: number; // 0: the request never got an answer
  readonly code: string;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined; // seconds, for 429

  constructor(status: number, body: ApiErrorBody, retryAfter?: number) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.field = body.field;
    this.retryAfter = retryAfter;
  }
}

/** Words for an answer that carried no usable error body (a proxy page, say). */
function fallbackError(status: number): ApiErrorBody {
  if (status === 401) return { code: 'unauthenticated', message: 'Please sign in again.' };
  if (status === 403) return { code: 'forbidden', message: 'You are not allowed to do that.' };
  if (status === 404) return { code: 'not_found', message: 'That no longer exists.' };
  if (status === 413) return { code: 'too_large', message: 'That is too large to send.' };
  if (status === 429) return { code: 'rate_limited', message: 'Too many attempts: try again shortly.' };
  if (status >= 500) return { code: 'server_error', message: 'The server had a problem: try again.' };
  return { code: `http_${status}`, message: `The request failed (HTTP ${status}).` };
}

function isErrorBody(v: unknown): v is { error: ApiErrorBody } {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = (v as { error: unknown }).error;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as ApiErrorBody).code === 'string' &&
    typeof (e as ApiErrorBody).message === 'string'
  );
}

function retryAfterOf(headers: { get(name: string): string | null }): number | undefined {
  const v = headers.get('retry-after');
  if (v === null) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export const NETWORK_ERROR: ApiErrorBody = {
  code: 'network',
  message: 'Cannot reach the server. Check your connection and try again.',
};

export interface ApiClientOptions {
  /** Origin of the server; "" (the default) means the page's own. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Called on any 401: the session is gone (expired, revoked, logged out elsewhere). */
  onUnauthenticated?: () => void;
  /** Builds the XMLHttpRequest uploads use (tests replace it). */
  xhr?: () => XMLHttpRequest;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
}

export interface UploadOptions {
  /** Field name of the file part. */
  field?: string;
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiClient {
  get<T>(path: string, opts?: RequestOptions): Promise<T>;
  post<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T>;
  put<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T>;
  patch<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T>;
  /** opts.body: the JSON body a few DELETE routes need (DELETE /users/me's proof). */
  delete<T = void>(path: string, opts?: RequestOptions & { body?: unknown }): Promise<T>;
  /** PUT of raw bytes (zone icons, avatars: the server sniffs the type). */
  putBlob<T>(path: string, body: Blob, opts?: RequestOptions): Promise<T>;
  /** multipart/form-data upload of one file, with progress. */
  upload<T>(path: string, file: Blob, name: string, opts?: UploadOptions): Promise<T>;
  url(path: string, query?: RequestOptions['query']): string;
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const newXhr = options.xhr ?? (() => new XMLHttpRequest());

  function url(path: string, query?: RequestOptions['query']): string {
    let u = `${base}${API_PREFIX}${path}`;
    if (query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
      const s = params.toString();
      if (s) u += `?${s}`;
    }
    return u;
  }

  function fail(status: number, body: unknown, retryAfter?: number): never {
    if (status === 401) options.onUnauthenticated?.();
    throw new ApiError(status, isErrorBody(body) ? body.error : fallbackError(status), retryAfter);
  }

  async function request<T>(
    method: Method,
    path: string,
    body: unknown,
    opts: RequestOptions = {},
  ): Promise<T> {
    const init: RequestInit = { method, credentials: 'same-origin', headers: {} };
    if (opts.signal) init.signal = opts.signal;
    if (body instanceof Blob) {
      init.body = body; // raw bytes (a picture): the browser sends the Blob's own type
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'Content-Type': 'application/json' };
    }
    let res: Response;
    try {
      res = await doFetch(url(path, opts.query), init);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError(0, NETWORK_ERROR);
    }
    const text = res.status === 204 ? '' : await res.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined; // not JSON: the fallback words below
      }
    }
    if (!res.ok) fail(res.status, parsed, retryAfterOf(res.headers));
    return parsed as T;
  }

  function upload<T>(path: string, file: Blob, name: string, opts: UploadOptions = {}): Promise<T> {
    // fetch() cannot report upload progress; XMLHttpRequest can.
    return new Promise<T>((resolve, reject) => {
      const xhr = newXhr();
      const form = new FormData();
      form.append(opts.field ?? 'file', file, name);
      xhr.open('POST', url(path));
      xhr.withCredentials = true;
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) opts.onProgress?.(e.loaded, e.total);
      };
      xhr.onload = () => {
        let parsed: unknown = undefined;
        try {
          parsed = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
        } catch {
          parsed = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          resolve(parsed as T);
          return;
        }
        try {
          fail(xhr.status, parsed, retryAfterOf({ get: (h) => xhr.getResponseHeader(h) }));
        } catch (err) {
          reject(err);
        }
      };
      xhr.onerror = () => reject(new ApiError(0, NETWORK_ERROR));
      xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
      if (opts.signal) {
        if (opts.signal.aborted) {
          xhr.abort();
          return;
        }
        opts.signal.addEventListener('abort', () => xhr.abort(), { once: true });
      }
      xhr.send(form);
    });
  }

  return {
    get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
    post: <T>(path: string, body?: unknown, opts?: RequestOptions) =>
      request<T>('POST', path, body, opts),
    put: <T>(path: string, body?: unknown, opts?: RequestOptions) =>
      request<T>('PUT', path, body, opts),
    patch: <T>(path: string, body?: unknown, opts?: RequestOptions) =>
      request<T>('PATCH', path, body, opts),
    putBlob: <T>(path: string, body: Blob, opts?: RequestOptions) =>
      request<T>('PUT', path, body, opts),
    delete: <T = void>(path: string, opts?: RequestOptions & { body?: unknown }) =>
      request<T>('DELETE', path, opts?.body, opts),
    upload,
    url,
  };
}

/** Words for any error a request can end with, for a toast or a form. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof DOMException && err.name === 'AbortError') return 'Cancelled.';
  return 'Something went wrong. Try again.';
}
