import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { queryKeys } from '@/features/live/queryKeys';
import { errorAnswer, fakeServer, renderScreen } from '../components/testkit';
import ForgotPasswordScreen from './ForgotPasswordScreen';

const open = (server: ReturnType<typeof fakeServer>) =>
  renderScreen(<ForgotPasswordScreen />, { path: '/forgot-password', server, me: null });

type User = ReturnType<typeof open>['user'];

async function ask(user: User, email = ' Ada@Example.com ') {
  await user.type(screen.getByLabelText('E-mail'), email);
  await user.click(screen.getByRole('button', { name: 'Send reset e-mail' }));
}

async function reset(user: User, code: string, password: string, confirm = password) {
  await user.type(await screen.findByLabelText('Code'), code);
  await user.type(screen.getByLabelText('New password'), password);
  await user.type(screen.getByLabelText('Confirm new password'), confirm);
  await user.click(screen.getByRole('button', { name: 'Reset password' }));
}

const sent = { 'POST /auth/password-reset': { status: 202, body: {} } };

describe('ForgotPasswordScreen', () => {
  it('checks the address before asking the server', async () => {
    const server = fakeServer();
    const { user } = open(server);
    await user.click(screen.getByRole('button', { name: 'Send reset e-mail' }));
    expect(await screen.findByText('Enter your e-mail address.')).toBeTruthy();
    expect(server.posts()).toEqual([]);
  });

  it('asks for the mail, then says so without telling whether the account exists', async () => {
    const server = fakeServer(sent);
    const { user } = open(server);
    await ask(user);
    expect((await screen.findByRole('status')).textContent).toMatch(/If an OpenChat account uses ada@example.com/);
    expect(server.posts()).toEqual([{ method: 'POST', path: '/auth/password-reset', body: { email: 'ada@example.com' } }]);
    // The address is known now: the code form does not ask for it again.
    expect(screen.queryByLabelText('E-mail')).toBeNull();
  });

  it('shows a rate limit on the form', async () => {
    const server = fakeServer({
      'POST /auth/password-reset': errorAnswer(429, 'rate_limited', 'Too many attempts.', undefined, { 'Retry-After': '3600' }),
    });
    const { user } = open(server);
    await ask(user);
    expect((await screen.findByRole('alert')).textContent).toBe('Too many attempts. Try again in 1 hour.');
  });

  it('checks the code and that both passwords match', async () => {
    const server = fakeServer(sent);
    const { user } = open(server);
    await ask(user);
    await reset(user, '12', 'new password', 'other password');
    expect(await screen.findByText('The code is the 6 digits from the e-mail.')).toBeTruthy();
    expect(screen.getByText('The passwords do not match.')).toBeTruthy();
    expect(server.posts()).toHaveLength(1);
  });

  it('resets with the code, then signs out and offers to log in', async () => {
    const server = fakeServer({ ...sent, 'POST /auth/password-reset/confirm': { status: 204 } });
    const { user, qc } = open(server);
    await ask(user);
    await reset(user, ' 123456 ', 'new password');
    expect(await screen.findByText(/every session of your account was signed out/)).toBeTruthy();
    expect(server.posts()[1]).toEqual({
      method: 'POST',
      path: '/auth/password-reset/confirm',
      body: { email: 'ada@example.com', code: '123456', new_password: 'new password' },
    });
    expect(screen.getByRole('link', { name: 'Log in' }).getAttribute('href')).toBe('/login');
    expect(qc.getQueryData(queryKeys.me)).toBeNull();
  });

  it('puts a wrong code under the code field', async () => {
    const server = fakeServer({
      ...sent,
      'POST /auth/password-reset/confirm': errorAnswer(422, 'invalid_code', 'That code is not right.'),
    });
    const { user } = open(server);
    await ask(user);
    await reset(user, '123456', 'new password');
    expect(await screen.findByText('That code is not right.')).toBeTruthy();
    expect(screen.getByLabelText('Code').getAttribute('aria-invalid')).toBe('true');
  });

  it('puts a refused new password under it', async () => {
    const server = fakeServer({
      ...sent,
      'POST /auth/password-reset/confirm': errorAnswer(422, 'invalid_field', 'This password is too common.', 'new_password'),
    });
    const { user } = open(server);
    await ask(user);
    await reset(user, '123456', 'password1');
    expect(await screen.findByText('This password is too common.')).toBeTruthy();
    expect(screen.getByLabelText('New password').getAttribute('aria-invalid')).toBe('true');
  });

  it('goes back to change the address, keeping it filled in', async () => {
    const { user } = open(fakeServer(sent));
    await ask(user);
    await user.click(await screen.findByRole('button', { name: /No mail\?/ }));
    expect((screen.getByLabelText('E-mail') as HTMLInputElement).value).toBe('ada@example.com');
  });
});
