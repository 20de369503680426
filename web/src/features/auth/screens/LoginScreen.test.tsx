import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { queryKeys } from '@/features/live/queryKeys';
import { browser } from '../components/OidcButton';
import { errorAnswer, fakeServer, landedAt, renderScreen, someone } from '../components/testkit';
import LoginScreen from './LoginScreen';

const open = (server: ReturnType<typeof fakeServer>, url = '/login') =>
  renderScreen(<LoginScreen />, { path: '/login', url, server });

async function fillAndSubmit(user: ReturnType<typeof open>['user'], login = ' ada ', password = 'correct horse') {
  await user.type(screen.getByLabelText('Username or e-mail'), login);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Log in' }));
}

afterEach(() => vi.restoreAllMocks());

describe('LoginScreen', () => {
  it('says what is missing before asking the server', async () => {
    const server = fakeServer();
    const { user } = open(server);
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('Enter your username or e-mail address.')).toBeTruthy();
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    expect(screen.getByLabelText('Username or e-mail').getAttribute('aria-invalid')).toBe('true');
    expect(server.posts()).toEqual([]);
  });

  it('logs in, caches the user and goes on to ?next', async () => {
    const server = fakeServer({ 'POST /auth/login': { status: 200, body: { user: someone, token: 't' } } });
    const { user, qc } = open(server, '/login?next=%2Fzones%2F5%2F6');
    await fillAndSubmit(user);
    expect(await landedAt()).toBe('/zones/5/6');
    expect(server.posts()).toEqual([
      { method: 'POST', path: '/auth/login', body: { login: 'ada', password: 'correct horse' } },
    ]);
    expect(qc.getQueryData(queryKeys.me)).toEqual(someone);
  });

  it('ignores a ?next that leaves the site', async () => {
    const server = fakeServer({ 'POST /auth/login': { status: 200, body: { user: someone, token: 't' } } });
    const { user } = open(server, '/login?next=%2F%2Fevil.example');
    await fillAndSubmit(user);
    expect(await landedAt()).toBe('/friends');
  });

  it('sends an unverified account to the verification screen', async () => {
    const unverified = { ...someone, email_verified: false };
    const server = fakeServer({ 'POST /auth/login': { status: 200, body: { user: unverified, token: 't' } } });
    const { user } = open(server, '/login?next=%2Fzones%2F5');
    await fillAndSubmit(user);
    expect(await landedAt()).toBe('/verify');
  });

  it('shows wrong credentials on the form, in words', async () => {
    const server = fakeServer({
      'POST /auth/login': errorAnswer(401, 'invalid_credentials', 'Wrong username, e-mail or password.'),
    });
    const { user } = open(server);
    await fillAndSubmit(user);
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong username, e-mail or password.');
    expect(screen.getByRole('button', { name: 'Log in' }).hasAttribute('disabled')).toBe(false);
  });

  it('says how long to wait when rate limited', async () => {
    const server = fakeServer({
      'POST /auth/login': errorAnswer(429, 'rate_limited', 'Too many attempts. Try again in 42 seconds.', undefined, {
        'Retry-After': '42',
      }),
    });
    const { user } = open(server);
    await fillAndSubmit(user);
    expect((await screen.findByRole('alert')).textContent).toBe('Too many attempts. Try again in 42 seconds.');
  });

  it('disables the button while the answer is pending', async () => {
    let answer!: () => void;
    const server = fakeServer({
      'POST /auth/login': () =>
        new Promise((resolve) => {
          answer = () => resolve(errorAnswer(401, 'invalid_credentials', 'Wrong.'));
        }),
    });
    const { user } = open(server);
    await fillAndSubmit(user);
    const button = screen.getByRole('button', { name: 'Log in' });
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(true));
    answer();
    await screen.findByRole('alert');
    expect(button.hasAttribute('disabled')).toBe(false);
  });

  it('says why a sign-in with the provider failed', async () => {
    open(fakeServer(), '/login?oidc_error=email_not_verified');
    expect((await screen.findByRole('alert')).textContent).toMatch(/provider has not verified it/);
  });

  it('links to the password reset and to registration, keeping ?next', () => {
    open(fakeServer(), '/login?next=%2Fdm%2F9');
    expect(screen.getByRole('link', { name: 'Forgot your password?' }).getAttribute('href')).toBe('/forgot-password');
    expect(screen.getByRole('link', { name: 'Create an account' }).getAttribute('href')).toBe('/register?next=%2Fdm%2F9');
  });

  it('offers the provider when the server has it on, and navigates the browser to it', async () => {
    const go = vi.spyOn(browser, 'go').mockImplementation(() => {});
    const server = fakeServer({ 'GET /auth/oidc': { status: 200, body: { enabled: true, name: 'Google' } } });
    const { user } = open(server, '/login?next=%2Fzones%2F5');
    await user.click(await screen.findByRole('button', { name: 'Continue with Google' }));
    expect(go).toHaveBeenCalledWith('/api/v1/auth/oidc/start?redirect=%2Fzones%2F5');
  });

  it('hides the provider button when it is off or the server cannot say', async () => {
    for (const answer of [
      { status: 200, body: { enabled: false, name: 'Google' } },
      errorAnswer(500, 'internal', 'Something went wrong on the server.'),
    ]) {
      const server = fakeServer({ 'GET /auth/oidc': answer });
      const { qc } = open(server);
      await waitFor(() => expect(qc.getQueryState(['auth', 'oidc'])?.status).not.toBe('pending'));
      expect(screen.queryByRole('button', { name: /Continue with/ })).toBeNull();
      cleanup();
    }
  });
});
