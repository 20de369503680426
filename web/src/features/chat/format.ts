// Dates, times and sizes as the chat shows them ("Today at 14:05", "1.2 MB"), in the user's
// locale and time zone unless a test pins them.

export interface FormatOptions {
  locale?: string;
  timeZone?: string;
}

function fmt(opts: FormatOptions, parts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(opts.locale, { ...parts, ...(opts.timeZone ? { timeZone: opts.timeZone } : {}) });
}

// Formatters are costly to build and a list formats hundreds of times per render.
const cache = new Map<string, Intl.DateTimeFormat>();
function cached(name: string, opts: FormatOptions, parts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${name}|${opts.locale ?? ''}|${opts.timeZone ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    f = fmt(opts, parts);
    cache.set(key, f);
  }
  return f;
}

/** "14:05" or "2:05 PM". */
export function formatTime(ms: number, opts: FormatOptions = {}): string {
  return cached('time', opts, { hour: 'numeric', minute: '2-digit' }).format(ms);
}

/** "Tuesday, June 3, 2025 at 2:05 PM": the tooltip of a message time. */
export function formatFullDate(ms: number, opts: FormatOptions = {}): string {
  return cached('full', opts, { dateStyle: 'full', timeStyle: 'short' }).format(ms);
}

/** The calendar day of a time in the zone, as comparable numbers. */
function dayOf(ms: number, opts: FormatOptions): { y: number; m: number; d: number } {
  const parts = cached('day', { ...opts, locale: 'en-US' }, { year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(ms);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { y: n('year'), m: n('month'), d: n('day') };
}

/** "Today at 2:05 PM", "Yesterday at 2:05 PM", else "6/3/25, 2:05 PM": next to a name. */
export function formatStamp(ms: number, now: number, opts: FormatOptions = {}): string {
  const day = dayOf(ms, opts);
  const today = dayOf(now, opts);
  const same = (a: typeof day, b: typeof day) => a.y === b.y && a.m === b.m && a.d === b.d;
  if (same(day, today)) return `Today at ${formatTime(ms, opts)}`;
  // Calendar arithmetic, not 24 hours back: DST days are 23 or 25 hours long.
  const y = new Date(Date.UTC(today.y, today.m - 1, today.d - 1));
  if (same(day, { y: y.getUTCFullYear(), m: y.getUTCMonth() + 1, d: y.getUTCDate() })) {
    return `Yesterday at ${formatTime(ms, opts)}`;
  }
  return cached('short', opts, { dateStyle: 'short', timeStyle: 'short' }).format(ms);
}

/** The ISO form for <time dateTime>. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;

/** "512 bytes", "1.5 KB", "23 MB" (powers of 1024, as file managers show them). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '';
  if (n < 1024) return n === 1 ? '1 byte' : `${n} bytes`;
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = v < 10 ? 1 : 0;
  return `${v.toFixed(digits).replace(/\.0$/, '')} ${UNITS[u]}`;
}

/** The viewer's locale and IANA zone, for the day separators. */
export function viewerZone(): { locale: string; timeZone: string } {
  const r = new Intl.DateTimeFormat().resolvedOptions();
  return { locale: r.locale, timeZone: r.timeZone };
}
