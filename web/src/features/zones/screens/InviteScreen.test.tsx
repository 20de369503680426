import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installDomStubs } from '@/components/ui/testing';
import { ME, mockServer, renderWith, zoneFixture } from '../testing';
import type { InvitePreview } from '../types';
import InviteScreen from './InviteScreen';

beforeAll(installDomStubs);
afterEach(() => vi.unstubAllGlobals());

const preview: InvitePreview = {
  code: 'aZ3kP9qLm2',
  zone: { id: '100', name: 'Rust Fans', icon_url: null, member_count: 42 },
  expires_at: null,
  inviter: { username: 'alice', display_name: 'Alice' },
};

/** The invite page talks to the page-wide client (it is open signed out), so fetch is stubbed. */
function setup(me: typeof ME | null, previewAnswer: { status: number; body: unknown } = { status: 200, body: { invite: preview } }) {
  const server = mockServer();
  vi.stubGlobal('fetch', server.fetch);
  server.on('GET /invites/aZ3kP9qLm2', previewAnswer).on('GET /zones', { status: 200, body: { zones: [] } });
  const r = renderWith(<InviteScreen />, { at: '/invite/aZ3kP9qLm2', path: '/invite/:code', me });
  return { server, ...r };
}

const err = (status: number, code: string) => ({ status, body: { error: { code, message: `server: ${code}` } } });

describe('InviteScreen', () => {
  it('shows the zone and, signed out, the ways to sign in and come back', async () => {
    setup(null);
    expect(await screen.findByRole('heading', { name: 'Rust Fans' })).toBeTruthy();
    expect(screen.getByText('Alice invited you to join')).toBeTruthy();
    expect(screen.getByText('42 members')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Log in to join' }).getAttribute('href')).toBe('/login?next=/invite/aZ3kP9qLm2');
    expect(screen.getByRole('link', { name: 'Create an account' }).getAttribute('href')).toBe('/register?next=/invite/aZ3kP9qLm2');
    expect(screen.queryByRole('button', { name: 'Accept invite' })).toBeNull();
  });

  it('joins, refreshes the zone list and opens the first text channel', async () => {
    const user = userEvent.setup();
    const { server, location, client } = setup(ME);
    server.on('POST /invites/aZ3kP9qLm2/join', {
      status: 200,
      body: { zone: { ...zoneFixture({ my_role: 'member' }), channels: [
        { id: '102', name: 'General', type: 'voice', position: 0, topic: '' },
        { id: '101', name: 'general', type: 'text', position: 1, topic: '' },
      ] } },
    });
    const accept = await screen.findByRole('button', { name: 'Accept invite' });
    await waitFor(() => expect((accept as HTMLButtonElement).disabled).toBe(false));
    await user.click(accept);
    await waitFor(() => expect(location()).toBe('/zones/100/101'));
    expect(server.changes()).toEqual([['POST', '/invites/aZ3kP9qLm2/join', undefined]]);
    expect(server.calls.filter((c) => c.path === '/zones')).toHaveLength(2);
    expect(client.getQueryState(['zones'])?.isInvalidated).toBe(false);
  });

  it('offers "Open zone" to a member', async () => {
    const user = userEvent.setup();
    const { server, location } = setup(ME);
    server.on('GET /zones', { status: 200, body: { zones: [{ ...zoneFixture(), channels: undefined, unread_count: 0, mention_count: 0 }] } });
    await user.click(await screen.findByRole('button', { name: 'Open zone' }));
    expect(location()).toBe('/zones/100');
    expect(screen.queryByRole('button', { name: 'Accept invite' })).toBeNull();
  });

  it('asks an unverified user to verify first', async () => {
    setup({ ...ME, email_verified: false });
    expect((await screen.findByRole('link', { name: 'Verify your e-mail' })).getAttribute('href')).toBe('/verify');
  });

  it.each([
    [404, 'invite_not_found', 'This invite is invalid'],
    [410, 'invite_expired', 'This invite has expired'],
    [410, 'invite_exhausted', 'This invite has been used up'],
    [410, 'invite_revoked', 'This invite was revoked'],
    [429, 'rate_limited', 'Too many attempts'],
  ])('says %s %s in its own words', async (status, code, title) => {
    setup(null, err(status, code));
    const alert = await screen.findByRole('alert');
    expect(screen.getByRole('heading', { name: title })).toBeTruthy();
    expect(alert.textContent).not.toContain('Rust Fans');
  });

  it('says why joining was refused (banned, expired meanwhile)', async () => {
    const user = userEvent.setup();
    const { server } = setup(ME);
    let n = 0;
    server.on('POST /invites/aZ3kP9qLm2/join', () => (n++ === 0 ? err(403, 'banned') : err(410, 'invite_expired')));
    const accept = await screen.findByRole('button', { name: 'Accept invite' });
    await waitFor(() => expect((accept as HTMLButtonElement).disabled).toBe(false));
    await user.click(accept);
    expect((await screen.findByRole('alert')).textContent).toContain('You are banned from this zone');
    await user.click(accept);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('This invite has expired'));
  });
});
