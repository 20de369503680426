import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { queryKeys } from '@/features/live/queryKeys';
import { browser } from '../components/OidcButton';
import { errorAnswer, fakeServer, landedAt, renderScreen, someone } from '../components/testkit';
import RegisterScreen from './RegisterScreen';

const open = (server: ReturnType<typeof fakeServer>, url = '/register') =>
  renderScreen(<RegisterScreen />, { path: '/register', url, server });

type User = ReturnType<typeof open>['user'];

async function fill(user: User, values: Partial<Record<'E-mail' | 'Username' | 'Display name' | 'Password', string>>) {
  for (const [label, value] of Object.entries(values)) if (value) await user.type(screen.getByLabelText(label), value);
}

const good = { 'E-mail': ' Ada@Example.com', Username: 'Ada.L', Password: 'correct horse' } as const;
const created = { ...someone, username: 'ada.l', email_verified: false };

/** The error message shown under a field. */
function errorOf(label: string): string | null {
  const input = screen.getByLabelText(label);
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.endsWith('-error'));
  return ids[0] ? (document.getElementById(ids[0])?.textContent ?? null) : null;
}

afterEach(() => vi.restoreAllMocks());

describe('RegisterScreen', () => {
  it('checks every field before asking the server, in words', async () => {
    const server = fakeServer();
    const { user } = open(server);
    await fill(user, { 'E-mail': 'ada@example', Username: 'ab', Password: 'short' });
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('That does not look like an e-mail address.')).toBeTruthy();
    expect(errorOf('E-mail')).toBe('That does not look like an e-mail address.');
    expect(errorOf('Username')).toBe('Usernames are 3 to 32 characters.');
    expect(errorOf('Password')).toBe('Passwords are at least 8 characters.');
    expect(errorOf('Display name')).toBeNull();
    expect(server.posts()).toEqual([]);
  });

  it('explains the optional display name and the password rules', () => {
    open(fakeServer());
    expect(screen.getByText(/defaults to your username/)).toBeTruthy();
    expect(screen.getByText(/8 to 128 characters/)).toBeTruthy();
    expect(screen.getByLabelText('Password').getAttribute('autocomplete')).toBe('new-password');
    expect(screen.getByLabelText('E-mail').getAttribute('type')).toBe('email');
    expect(screen.getByLabelText('Username').getAttribute('autocomplete')).toBe('username');
  });

  it('creates the account with the normalised values, caches the user and goes to verification', async () => {
    const server = fakeServer({ 'POST /auth/register': { status: 201, body: { user: created, token: 't' } } });
    const { user, qc } = open(server);
    await fill(user, good);
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await landedAt()).toBe('/verify');
    // An empty display name is left out: the server then uses the username.
    expect(server.posts()).toEqual([
      {
        method: 'POST',
        path: '/auth/register',
        body: { username: 'ada.l', email: 'ada@example.com', password: 'correct horse' },
      },
    ]);
    expect(qc.getQueryData(queryKeys.me)).toEqual(created);
  });

  it('sends a display name when one is given', async () => {
    const server = fakeServer({ 'POST /auth/register': { status: 201, body: { user: created, token: 't' } } });
    const { user } = open(server);
    await fill(user, { ...good, 'Display name': '  Ada L  ' });
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    await landedAt();
    expect(server.posts()[0]?.body).toMatchObject({ display_name: 'Ada L' });
  });

  it.each([
    ['Username', errorAnswer(409, 'username_taken', 'This username is taken.', 'username')],
    ['E-mail', errorAnswer(409, 'email_taken', 'An account with this e-mail address exists.', 'email')],
    ['Password', errorAnswer(422, 'invalid_field', 'This password is too common: choose another.', 'password')],
  ])('puts the server refusal under %s', async (label, answer) => {
    const server = fakeServer({ 'POST /auth/register': answer });
    const { user } = open(server);
    await fill(user, good);
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    const message = (answer.body as { error: { message: string } }).error.message;
    expect(await screen.findByText(message)).toBeTruthy();
    expect(errorOf(label)).toBe(message);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(screen.getByLabelText(label));
  });

  it('shows a refusal without a field on the form', async () => {
    const server = fakeServer({
      'POST /auth/register': errorAnswer(429, 'rate_limited', 'Too many attempts. Try again in 3000 seconds.', undefined, {
        'Retry-After': '3000',
      }),
    });
    const { user } = open(server);
    await fill(user, good);
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Too many attempts. Try again in 50 minutes.');
  });

  it('links back to the login, keeping ?next', () => {
    open(fakeServer(), '/register?next=%2Finvite%2Fabc');
    expect(screen.getByRole('link', { name: 'Log in' }).getAttribute('href')).toBe('/login?next=%2Finvite%2Fabc');
  });

  it('offers the provider only when it is on', async () => {
    const go = vi.spyOn(browser, 'go').mockImplementation(() => {});
    const server = fakeServer({ 'GET /auth/oidc': { status: 200, body: { enabled: true, name: 'Keycloak' } } });
    const { user } = open(server, '/register?next=%2Finvite%2Fabc');
    await user.click(await screen.findByRole('button', { name: 'Continue with Keycloak' }));
    expect(go).toHaveBeenCalledWith('/api/v1/auth/oidc/start?redirect=%2Finvite%2Fabc');
  });
});
