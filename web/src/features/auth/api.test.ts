import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient } from '@/lib/api/client';
import { authApi, formErrorOf } from './api';

function client(status: number, body: string) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), ...(init ? { init } : {}) });
    return new Response(status === 204 ? null : body, { status });
  }) as unknown as typeof globalThis.fetch;
  return { api: authApi(createApiClient({ fetch })), calls };
}

const self = {
  id: '1',
  username: 'ada',
  display_name: 'Ada',
  avatar_url: null,
  bio: '',
  created_at: 1,
  email: 'ada@example.com',
  email_verified: false,
  status: 'online',
};

describe('authApi', () => {
  it('register and login answer with the user', async () => {
    const { api, calls } = client(201, JSON.stringify({ user: self, token: 't' }));
    expect(await api.register({ username: 'ada', email: 'ada@example.com', password: 'pw pw pw pw' })).toEqual(self);
    expect(calls[0]?.url).toBe('/api/v1/auth/register');
    expect(await api.login({ login: 'ada', password: 'x' })).toEqual(self);
    expect(calls[1]?.url).toBe('/api/v1/auth/login');
  });

  it('me is null without a session and throws on other failures', async () => {
    expect(await client(200, JSON.stringify(self)).api.me()).toEqual(self);
    expect(await client(401, '{"error":{"code":"unauthenticated","message":"Sign in."}}').api.me()).toBeNull();
    await expect(client(503, '').api.me()).rejects.toBeInstanceOf(ApiError);
  });

  it('verification and reset send the documented bodies', async () => {
    const { api, calls } = client(204, '');
    await api.verifyEmail('123456');
    await api.confirmReset({ email: 'a@b.io', code: '123456', new_password: 'new password' });
    expect(calls.map((c) => [c.url, c.init?.body])).toEqual([
      ['/api/v1/auth/verify-email', '{"code":"123456"}'],
      ['/api/v1/auth/password-reset/confirm', '{"email":"a@b.io","code":"123456","new_password":"new password"}'],
    ]);
  });
});

describe('formErrorOf', () => {
  it("puts a refusal on the field it names when the form has it, else on the form", () => {
    const taken = new ApiError(409, { code: 'username_taken', message: 'This username is taken.', field: 'username' });
    expect(formErrorOf(taken, ['username', 'email'] as const)).toEqual({
      field: 'username',
      message: 'This username is taken.',
    });
    expect(formErrorOf(taken, ['login'] as const)).toEqual({ field: null, message: 'This username is taken.' });
    expect(formErrorOf(new Error('boom'), ['login'] as const).field).toBeNull();
  });
});

describe('authApi, provider sign-in and resend', () => {
  it('reads the provider switch, builds the start URL and returns the resend address', async () => {
    const { api, calls } = client(200, '{"enabled":true,"name":"Google","email":"ada@example.com"}');
    expect(await api.oidcConfig()).toMatchObject({ enabled: true, name: 'Google' });
    expect(calls[0]?.url).toBe('/api/v1/auth/oidc');
    expect(api.oidcStartUrl('/zones/1?x=a&b')).toBe('/api/v1/auth/oidc/start?redirect=%2Fzones%2F1%3Fx%3Da%26b');
    expect((await api.resendVerificationTo()).email).toBe('ada@example.com');
    expect(calls[1]?.url).toBe('/api/v1/auth/verify-email/resend');
  });
});
