import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/client';
import { describeError, formatWait, placeError } from './errors';
import { oidcRedirect } from './OidcButton';
import { oidcErrorMessage } from './oidcErrors';

describe('formatWait', () => {
  it('rounds up to the unit a person would use', () => {
    expect([1, 42, 59, 60, 61, 3000, 3600, 3601, 7200].map(formatWait)).toEqual([
      '1 second',
      '42 seconds',
      '59 seconds',
      '1 minute',
      '2 minutes',
      '50 minutes',
      '1 hour',
      '2 hours',
      '2 hours',
    ]);
  });
});

describe('describeError and placeError', () => {
  const limited = new ApiError(429, { code: 'rate_limited', message: 'Too many attempts: try again shortly.' }, 90);

  it("says a rate limit's wait in words, and keeps the server's words otherwise", () => {
    expect(describeError(limited)).toBe('Too many attempts. Try again in 2 minutes.');
    expect(describeError(new ApiError(429, { code: 'rate_limited', message: 'Slow down.' }))).toBe('Slow down.');
    expect(describeError(new Error('x'))).toBe('Something went wrong. Try again.');
  });

  it('puts a refusal under the field it names or its code implies, else on the form', () => {
    const wrong = new ApiError(422, { code: 'invalid_code', message: 'That code is not right.' });
    const weak = new ApiError(422, { code: 'invalid_field', message: 'Too common.', field: 'new_password' });
    const codes = { invalid_code: 'code' } as const;
    expect(placeError(wrong, ['code', 'new_password'] as const, codes)).toEqual({ field: 'code', message: 'That code is not right.' });
    expect(placeError(weak, ['code', 'new_password'] as const, codes)).toEqual({ field: 'new_password', message: 'Too common.' });
    expect(placeError(weak, ['code'] as const, codes).field).toBeNull();
    expect(placeError(limited, ['code'] as const, codes)).toEqual({
      field: null,
      message: 'Too many attempts. Try again in 2 minutes.',
    });
  });
});

describe('oidcRedirect', () => {
  it('keeps a path of ours the server accepts, else falls back to the app', () => {
    expect(oidcRedirect('/zones/1/2?x=1')).toBe('/zones/1/2?x=1');
    expect(oidcRedirect(null)).toBe('/friends');
    expect(oidcRedirect('//evil.example')).toBe('/friends');
    expect(oidcRedirect('https://evil.example')).toBe('/friends');
    expect(oidcRedirect('/a b')).toBe('/friends');
    expect(oidcRedirect('/caf\u00e9')).toBe('/friends');
    expect(oidcRedirect('/a\\b')).toBe('/friends');
    expect(oidcRedirect(`/${'x'.repeat(600)}`)).toBe('/friends');
  });
});

describe('oidcErrorMessage', () => {
  it('has words for the documented codes and a fallback naming an unknown one', () => {
    expect(oidcErrorMessage('access_denied')).toBe('You cancelled signing in with the provider.');
    expect(oidcErrorMessage('something_new')).toContain('something_new');
  });
});
