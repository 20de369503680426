import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installDomStubs } from '@/components/ui/testing';
import { fakeSession, member, mockServer, renderWith, textChannel, user, voiceChannel, zoneFixture, ME } from '../testing';
import type { ZoneWithReadState } from '../types';
import ZoneSettingsScreen from './ZoneSettingsScreen';

beforeAll(installDomStubs);

function setup(zone: ZoneWithReadState, tab = 'overview') {
  const server = mockServer();
  server.on('GET /zones/100', { status: 200, body: { zone } });
  const r = renderWith(<ZoneSettingsScreen />, {
    at: `/zones/100/settings/${tab}`,
    path: '/zones/:zoneId/settings/:tab',
    session: fakeSession(server.api),
  });
  return { server, ...r };
}

const three = zoneFixture({
  my_role: 'admin',
  channels: [textChannel('101', 'general', 0), textChannel('103', 'random', 1), voiceChannel('102', 'General', 2)],
});

describe('ZoneSettingsScreen', () => {
  it('refuses a member', async () => {
    setup(zoneFixture({ my_role: 'member' }));
    expect(await screen.findByRole('heading', { name: 'You do not have access' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Zone settings' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Back to the zone' }).getAttribute('href')).toBe('/zones/100');
  });

  it('shows the tabs to an admin, and closes with the button or Esc', async () => {
    const u = userEvent.setup();
    const { location } = setup(zoneFixture({ my_role: 'admin' }));
    const nav = await screen.findByRole('navigation', { name: 'Zone settings' });
    expect(within(nav).getAllByRole('link').map((l) => l.textContent)).toEqual(['Overview', 'Channels', 'Members', 'Invites', 'Bans']);
    expect(within(nav).getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');
    // An admin cannot delete the zone.
    expect(screen.queryByRole('button', { name: 'Delete zone' })).toBeNull();
    await u.keyboard('{Escape}');
    expect(location()).toBe('/zones/100');
  });

  it('moves a channel by sending the whole new order', async () => {
    const u = userEvent.setup();
    const { server } = setup(three, 'channels');
    server.on('PUT /zones/100/channels/order', { status: 200, body: { channels: [] } });
    expect((await screen.findByRole('button', { name: 'Move general up' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Move General down' }) as HTMLButtonElement).disabled).toBe(true);
    await u.click(screen.getByRole('button', { name: 'Move random up' }));
    await waitFor(() =>
      expect(server.changes()).toEqual([['PUT', '/zones/100/channels/order', { channel_ids: ['103', '101', '102'] }]]),
    );
  });

  it('renames a channel inline, normalised', async () => {
    const u = userEvent.setup();
    const { server } = setup(three, 'channels');
    server.on('PATCH /zones/100/channels/103', { status: 200, body: { channel: textChannel('103', 'off-topic', 1) } });
    await u.click(await screen.findByRole('button', { name: 'Rename random' }));
    const name = screen.getByLabelText('Channel name');
    await u.clear(name);
    await u.type(name, 'Off Topic');
    await u.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(server.changes()).toEqual([['PATCH', '/zones/100/channels/103', { name: 'off-topic' }]]));
  });

  it('shows the refusal to delete the last text channel', async () => {
    const u = userEvent.setup();
    const { server } = setup(zoneFixture(), 'channels');
    server.on('DELETE /zones/100/channels/101', {
      status: 409,
      body: { error: { code: 'last_text_channel', message: 'A zone keeps at least one text channel.' } },
    });
    await u.click(await screen.findByRole('button', { name: 'Delete general' }));
    await u.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete channel' }));
    const { toastStore } = await import('@/components/ui');
    await waitFor(() =>
      expect(toastStore.getState().toasts.map((t) => t.message)).toContain('A zone keeps at least one text channel.'),
    );
  });

  it('lets the owner delete the zone only after typing its name', async () => {
    const u = userEvent.setup();
    const { server, location } = setup(zoneFixture());
    server.on('DELETE /zones/100', { status: 204 });
    await u.click(await screen.findByRole('button', { name: 'Delete zone' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Rust Fans?' });
    await u.type(within(dialog).getByLabelText('Confirm by typing its name'), 'Rust');
    await u.click(within(dialog).getByRole('button', { name: 'Delete zone' }));
    expect(await within(dialog).findByText('Type the zone name exactly as it is written.')).toBeTruthy();
    expect(server.changes()).toEqual([]);
    await u.type(within(dialog).getByLabelText('Confirm by typing its name'), ' Fans');
    await u.click(within(dialog).getByRole('button', { name: 'Delete zone' }));
    await waitFor(() => expect(location()).toBe('/friends'));
    expect(server.changes()).toEqual([['DELETE', '/zones/100', undefined]]);
  });

  it('turns member invites on', async () => {
    const u = userEvent.setup();
    const { server } = setup(zoneFixture({ my_role: 'admin' }));
    server.on('PATCH /zones/100', { status: 200, body: { zone: { ...zoneFixture(), allow_member_invites: true } } });
    const toggle = await screen.findByRole('switch', { name: 'Allow members to invite' });
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    await u.click(toggle);
    await waitFor(() => expect(server.changes()).toEqual([['PATCH', '/zones/100', { allow_member_invites: true }]]));
  });

  it('changes roles and unbans from the tables', async () => {
    const u = userEvent.setup();
    const ada = user('2', 'Ada');
    const { server } = setup(zoneFixture(), 'members');
    server
      .on('GET /zones/100/members', { status: 200, body: { members: [member({ ...ME }, 'owner'), member(ada, 'member')] } })
      .on('GET /friends', { status: 200, body: { friends: [] } })
      .on('PATCH /zones/100/members/2', { status: 200, body: { member: member(ada, 'admin') } });
    await u.selectOptions(await screen.findByRole('combobox', { name: 'Role of Ada' }), 'Admin');
    expect(screen.queryByRole('combobox', { name: 'Role of Me' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Kick Ada' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Transfer ownership to Ada' })).toBeTruthy();
    await waitFor(() => expect(server.changes()).toEqual([['PATCH', '/zones/100/members/2', { role: 'admin' }]]));

    server
      .on('GET /zones/100/bans', { status: 200, body: { bans: [{ user: ada, reason: 'spam', banned_by: null, created_at: 0 }] } })
      .on('DELETE /zones/100/bans/2', { status: 204 });
    await u.click(screen.getByRole('link', { name: 'Bans' }));
    expect(await screen.findByText('Reason: spam')).toBeTruthy();
    await u.click(screen.getByRole('button', { name: 'Unban Ada' }));
    await waitFor(() => expect(server.changes()).toContainEqual(['DELETE', '/zones/100/bans/2', undefined]));
  });

  it('lists and revokes invites', async () => {
    const u = userEvent.setup();
    const { server } = setup(zoneFixture(), 'invites');
    const inv = {
      code: 'aZ3kP9qLm2',
      url: '',
      zone_id: '100',
      creator: user('2', 'Ada'),
      created_at: 0,
      expires_at: null,
      max_uses: 10,
      uses: 3,
    };
    server
      .on('GET /zones/100/invites', { status: 200, body: { invites: [inv] } })
      .on('DELETE /zones/100/invites/aZ3kP9qLm2', { status: 204 });
    expect(await screen.findByText('3 / 10')).toBeTruthy();
    expect(screen.getByText('By Ada')).toBeTruthy();
    await u.click(screen.getByRole('button', { name: 'Revoke invite aZ3kP9qLm2' }));
    await waitFor(() => expect(server.changes()).toEqual([['DELETE', '/zones/100/invites/aZ3kP9qLm2', undefined]]));
  });
});
