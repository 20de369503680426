import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { queryKeys } from '@/features/live/queryKeys';
import { errorAnswer, fakeServer, renderScreen, someone } from '../components/testkit';
import ResetPasswordScreen from './ResetPasswordScreen';

const open = (server: ReturnType<typeof fakeServer>, url: string) =>
  renderScreen(<ResetPasswordScreen />, { path: '/reset-password', url, server, me: someone });

type User = ReturnType<typeof open>['user'];

async function choose(user: User, password: string, confirm = password) {
  await user.type(screen.getByLabelText('New password'), password);
  await user.type(screen.getByLabelText('Confirm new password'), confirm);
  await user.click(screen.getByRole('button', { name: 'Reset password' }));
}

const TOKEN = 'a'.repeat(43);

describe('ResetPasswordScreen', () => {
  it('with the link token asks only for the new password, twice, checked', async () => {
    const server = fakeServer();
    const { user } = open(server, `/reset-password?token=${TOKEN}`);
    expect(screen.queryByLabelText('E-mail')).toBeNull();
    expect(screen.queryByLabelText('Code')).toBeNull();
    expect(screen.getByLabelText('New password').getAttribute('autocomplete')).toBe('new-password');
    await choose(user, 'short', 'shorter');
    expect(await screen.findByText('Passwords are at least 8 characters.')).toBeTruthy();
    expect(screen.getByText('The passwords do not match.')).toBeTruthy();
    expect(server.posts()).toEqual([]);
  });

  it('resets with the token, forgets the signed-in user and offers to log in', async () => {
    const server = fakeServer({ 'POST /auth/password-reset/confirm': { status: 204 } });
    const { user, qc } = open(server, `/reset-password?token=${TOKEN}`);
    await choose(user, '  spaced password ');
    expect(await screen.findByText(/every session of your account was signed out/)).toBeTruthy();
    expect(server.posts()).toEqual([
      { method: 'POST', path: '/auth/password-reset/confirm', body: { token: TOKEN, new_password: '  spaced password ' } },
    ]);
    expect(qc.getQueryData(queryKeys.me)).toBeNull();
    expect(screen.getByRole('link', { name: 'Log in' }).getAttribute('href')).toBe('/login');
  });

  it('says when the link has expired, and where to get a new one', async () => {
    const server = fakeServer({
      'POST /auth/password-reset/confirm': errorAnswer(410, 'token_expired', 'This link has expired: ask for a new one.'),
    });
    const { user } = open(server, `/reset-password?token=${TOKEN}`);
    await choose(user, 'new password');
    expect((await screen.findByRole('alert')).textContent).toBe('This link has expired: ask for a new one.');
    expect(screen.getByRole('link', { name: 'Ask for a new reset e-mail' }).getAttribute('href')).toBe('/forgot-password');
  });

  it('without a token takes the address and the code from the mail', async () => {
    const server = fakeServer({ 'POST /auth/password-reset/confirm': { status: 204 } });
    const { user } = open(server, '/reset-password');
    await user.click(screen.getByRole('button', { name: 'Reset password' }));
    expect(await screen.findByText('Enter your e-mail address.')).toBeTruthy();
    expect(screen.getByText('The code is the 6 digits from the e-mail.')).toBeTruthy();
    await user.type(screen.getByLabelText('E-mail'), 'Ada@Example.com');
    await user.type(screen.getByLabelText('Code'), '654321');
    await choose(user, 'new password');
    expect(await screen.findByText(/every session of your account was signed out/)).toBeTruthy();
    expect(server.posts()).toEqual([
      {
        method: 'POST',
        path: '/auth/password-reset/confirm',
        body: { email: 'ada@example.com', code: '654321', new_password: 'new password' },
      },
    ]);
  });
});
