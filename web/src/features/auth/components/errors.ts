// Server refusals in words for the account forms: which field they belong to, and how long a
// rate limit asks the user to wait (the Retry-After seconds, said the way a person would).
import { ApiError, errorMessage } from '@/lib/api/client';
import { formErrorOf } from '../api';

/** "42 seconds", "3 minutes", "1 hour": rounded up, so the user never retries too early. */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.ceil(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.ceil(m / 60);
  return `${h} hour${h === 1 ? '' : 's'}`;
}

export function isRateLimited(err: unknown): err is ApiError {
  return err instanceof ApiError && err.status === 429;
}

/** Words for any refusal; a rate limit says how long to wait when the server told us. */
export function describeError(err: unknown): string {
  if (isRateLimited(err) && err.retryAfter !== undefined)
    return `Too many attempts. Try again in ${formatWait(err.retryAfter)}.`;
  return errorMessage(err);
}

/**
 * Where a refusal goes on a form: the field the server names (or the one its code implies,
 * e.g. a wrong verification code belongs under "Code"), else the form as a whole.
 */
export function placeError<F extends string>(
  err: unknown,
  fields: readonly F[],
  codeFields: Partial<Record<string, F>> = {},
): { field: F | null; message: string } {
  const placed = formErrorOf(err, fields);
  const message = describeError(err);
  if (placed.field) return { field: placed.field, message };
  const byCode = err instanceof ApiError ? codeFields[err.code] : undefined;
  return { field: byCode ?? null, message };
}
