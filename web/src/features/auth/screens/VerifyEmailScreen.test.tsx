import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toastStore } from '@/components/ui';
import { queryKeys } from '@/features/live/queryKeys';
import { signOut } from '@/app/session';
import { errorAnswer, fakeServer, landedAt, renderScreen, someone } from '../components/testkit';
import VerifyEmailScreen from './VerifyEmailScreen';

vi.mock('@/app/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/app/session')>()),
  signOut: vi.fn(async () => {}),
}));

const me = { ...someone, email: 'ada@example.com', email_verified: false };

const open = (server: ReturnType<typeof fakeServer>) =>
  renderScreen(<VerifyEmailScreen />, { path: '/verify', server, me });

const toasts = () => toastStore.getState().toasts.map((t) => [t.kind, t.message]);

async function submitCode(user: ReturnType<typeof open>['user'], code: string) {
  await user.type(screen.getByLabelText('Verification code'), code);
  await user.click(screen.getByRole('button', { name: 'Verify' }));
}

beforeEach(() => toastStore.getState().clear());
afterEach(() => vi.clearAllMocks());

describe('VerifyEmailScreen', () => {
  it('says where the mail went, that its link works too, and asks for a one-time code', () => {
    open(fakeServer());
    expect(screen.getByText('ada@example.com')).toBeTruthy();
    expect(screen.getByText(/click the link in the mail/)).toBeTruthy();
    const input = screen.getByLabelText('Verification code');
    expect(input.getAttribute('inputmode')).toBe('numeric');
    expect(input.getAttribute('autocomplete')).toBe('one-time-code');
  });

  it('refuses anything but 6 digits before asking the server', async () => {
    const server = fakeServer();
    const { user } = open(server);
    await submitCode(user, '12a45');
    expect(await screen.findByText('The code is the 6 digits from the e-mail.')).toBeTruthy();
    expect(server.posts()).toEqual([]);
  });

  it('verifies, reloads the user and goes on to the app', async () => {
    const server = fakeServer({
      'POST /auth/verify-email': { status: 204 },
      'GET /users/me': { status: 200, body: { ...me, email_verified: true } },
    });
    const { user, qc } = open(server);
    await submitCode(user, ' 123456 ');
    expect(await landedAt()).toBe('/friends');
    expect(server.posts()).toEqual([{ method: 'POST', path: '/auth/verify-email', body: { code: '123456' } }]);
    expect(qc.getQueryData<typeof me>(queryKeys.me)?.email_verified).toBe(true);
  });

  it('puts a wrong code under the field, with the attempts left', async () => {
    const server = fakeServer({
      'POST /auth/verify-email': errorAnswer(422, 'invalid_code', 'That code is not right. 4 attempts left.'),
    });
    const { user } = open(server);
    await submitCode(user, '123456');
    expect(await screen.findByText('That code is not right. 4 attempts left.')).toBeTruthy();
    expect(screen.getByLabelText('Verification code').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows an expired code on the form', async () => {
    const server = fakeServer({
      'POST /auth/verify-email': errorAnswer(410, 'code_expired', 'This code has expired or was replaced: ask for a new one.'),
    });
    const { user } = open(server);
    await submitCode(user, '123456');
    expect((await screen.findByRole('alert')).textContent).toBe('This code has expired or was replaced: ask for a new one.');
  });

  it('sends a new code, says so, and pauses before the next one', async () => {
    const server = fakeServer({ 'POST /auth/verify-email/resend': { status: 202, body: { email: 'ada@example.com' } } });
    const { user } = open(server);
    await user.click(screen.getByRole('button', { name: 'Send a new code' }));
    expect(await screen.findByText('You can ask for another code in 30 seconds.')).toBeTruthy();
    expect(server.posts()).toEqual([{ method: 'POST', path: '/auth/verify-email/resend', body: undefined }]);
    expect(toasts()).toEqual([['success', expect.stringContaining('ada@example.com')]]);
    expect(screen.getByRole('button', { name: 'Send a new code' }).hasAttribute('disabled')).toBe(true);
  });

  it('says how long to wait when resending is rate limited', async () => {
    const server = fakeServer({
      'POST /auth/verify-email/resend': errorAnswer(429, 'rate_limited', 'Too many attempts. Try again in 120 seconds.', undefined, {
        'Retry-After': '120',
      }),
    });
    const { user } = open(server);
    await user.click(screen.getByRole('button', { name: 'Send a new code' }));
    expect(await screen.findByText('You can ask for another code in 2 minutes.')).toBeTruthy();
    expect(toasts()).toEqual([['error', 'Too many attempts. Try again in 2 minutes.']]);
  });

  it('logs out', async () => {
    const { user } = open(fakeServer());
    await user.click(screen.getByRole('button', { name: 'Log out' }));
    expect(await landedAt()).toBe('/login');
    expect(signOut).toHaveBeenCalledTimes(1);
  });
});
