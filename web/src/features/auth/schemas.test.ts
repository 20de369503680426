import { describe, expect, it } from 'vitest';
import {
  loginSchema,
  passwordChangeSchema,
  registerSchema,
  resetConfirmSchema,
  verifySchema,
} from './schemas';

/** The messages a parse produced, by field path. */
function errors(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const out: Record<string, string> = {};
  for (const i of result.error?.issues ?? []) out[i.path.join('.')] ??= i.message;
  return out;
}

describe('registerSchema', () => {
  const ok = { username: 'Ada.L_1', email: ' Ada@Example.COM ', password: 'correct horse' };

  it('accepts what the server accepts, normalised as the server stores it', () => {
    const r = registerSchema.parse({ ...ok, display_name: '  Ada  ' });
    expect(r).toEqual({
      username: 'ada.l_1',
      email: 'ada@example.com',
      password: 'correct horse',
      display_name: 'Ada',
    });
    expect(registerSchema.parse({ ...ok, display_name: '' }).display_name).toBeUndefined();
  });

  it('refuses each bad field with words', () => {
    const cases: [Record<string, string>, string][] = [
      [{ username: 'ab' }, 'username'],
      [{ username: 'a'.repeat(33) }, 'username'],
      [{ username: 'ada lovelace' }, 'username'],
      [{ username: 'ädä' }, 'username'],
      [{ username: 'deleted_ada' }, 'username'],
      [{ email: 'ada' }, 'email'],
      [{ email: 'ada@example' }, 'email'],
      [{ email: 'adä@example.com' }, 'email'],
      [{ email: 'ada@example.invalid' }, 'email'],
      [{ email: `${'a'.repeat(250)}@x.io` }, 'email'],
      [{ password: 'short' }, 'password'],
      [{ password: 'x'.repeat(129) }, 'password'],
      [{ display_name: 'x'.repeat(33) }, 'display_name'],
      [{ display_name: 'a\u0007b' }, 'display_name'],
    ];
    for (const [change, field] of cases) {
      const e = errors(registerSchema.safeParse({ ...ok, ...change }));
      expect(Object.keys(e), JSON.stringify(change)).toEqual([field]);
      expect(e[field]!.length).toBeGreaterThan(10);
    }
  });

  it('counts characters as code points, like the server', () => {
    // 8 emoji are 16 UTF-16 units but 8 characters: long enough.
    expect(registerSchema.safeParse({ ...ok, password: '😀'.repeat(8) }).success).toBe(true);
    expect(registerSchema.safeParse({ ...ok, password: '😀'.repeat(7) }).success).toBe(false);
    expect(registerSchema.safeParse({ ...ok, display_name: '😀'.repeat(32) }).success).toBe(true);
    // Passwords are taken exactly as typed: spaces count and stay.
    expect(registerSchema.parse({ ...ok, password: '  spaced  ' }).password).toBe('  spaced  ');
  });
});

describe('the other account forms', () => {
  it('login needs both fields', () => {
    expect(Object.keys(errors(loginSchema.safeParse({ login: ' ', password: '' })))).toEqual([
      'login',
      'password',
    ]);
    expect(loginSchema.parse({ login: ' ada ', password: 'x' }).login).toBe('ada');
  });

  it('a verification code is 6 digits, spaces around it ignored', () => {
    expect(verifySchema.parse({ code: ' 123456 ' }).code).toBe('123456');
    for (const code of ['12345', '1234567', '12a456', ''])
      expect(verifySchema.safeParse({ code }).success).toBe(false);
  });

  it('a reset takes the link token, or the address and the code; both passwords must match', () => {
    expect(resetConfirmSchema.safeParse({ token: 't', new_password: 'new password', confirm: 'new password' }).success).toBe(true);
    expect(
      Object.keys(errors(resetConfirmSchema.safeParse({ new_password: 'new password', confirm: 'other' }))).sort(),
    ).toEqual(['code', 'confirm', 'email']);
    expect(
      resetConfirmSchema.safeParse({
        email: 'a@b.io',
        code: '123456',
        new_password: 'new password',
        confirm: 'new password',
      }).success,
    ).toBe(true);
  });

  it('a password change asks for the current one only when the account has one', () => {
    const body = { new_password: 'new password', confirm: 'new password' };
    expect(Object.keys(errors(passwordChangeSchema(true).safeParse(body)))).toEqual(['current_password']);
    expect(passwordChangeSchema(false).safeParse(body).success).toBe(true);
    expect(Object.keys(errors(passwordChangeSchema(false).safeParse({ ...body, confirm: 'x' })))).toEqual([
      'confirm',
    ]);
  });
});
