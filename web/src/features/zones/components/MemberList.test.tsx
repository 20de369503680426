import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installDomStubs } from '@/components/ui/testing';
import { ME, fakeSession, member, mockServer, renderWith, user, zoneFixture } from '../testing';
import type { ZoneRole } from '../types';
import { MemberList } from './MemberList';

beforeAll(installDomStubs);

const ada = user('2', 'Ada');
const bob = user('3', 'Bob');
const owen = user('4', 'Owen');

/** Me with `role`; Owen owns the zone unless I do; Ada is an admin and a friend; Bob a member. */
function setup(role: ZoneRole) {
  const server = mockServer();
  const members = [
    member({ ...ME }, role),
    ...(role === 'owner' ? [] : [member(owen, 'owner')]),
    member(ada, 'admin'),
    member(bob, 'member'),
  ];
  server
    .on('GET /zones/100', { status: 200, body: { zone: zoneFixture({ my_role: role }) } })
    .on('GET /zones/100/members', { status: 200, body: { members } })
    .on('GET /friends', {
      status: 200,
      body: { friends: [{ user: { ...ada, status: 'idle', last_seen: null }, since: 0 }] },
    });
  const session = fakeSession(server.api);
  const r = renderWith(<MemberList zoneId="100" />, { at: '/zones/100/101', path: '/zones/:zoneId/*', session });
  return { server, session, ...r };
}

async function actionsOn(u: ReturnType<typeof userEvent.setup>, name: string) {
  await u.click(await screen.findByRole('button', { name }));
  const menu = screen.getByRole('menu', { name });
  const items = within(menu).queryAllByRole('menuitem').map((i) => i.textContent);
  return { menu, items };
}

describe('MemberList', () => {
  it('groups members by role with their presence where known', async () => {
    setup('member');
    const list = await screen.findByRole('complementary', { name: 'Members' });
    await within(list).findByRole('button', { name: 'Bob' });
    expect(within(list).getAllByRole('heading').map((h) => h.textContent)).toEqual([
      'Owner — 1',
      'Admins — 1',
      'Members — 2',
    ]);
    const adaButton = within(list).getByRole('button', { name: 'Ada' });
    await waitFor(() =>
      expect(document.getElementById(adaButton.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Admin, Idle'),
    );
    const bobButton = within(list).getByRole('button', { name: 'Bob' });
    expect(document.getElementById(bobButton.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Member');
  });

  it.each<[ZoneRole, string, string[]]>([
    ['owner', 'Ada', ['Message', 'Remove admin', 'Transfer ownership', 'Kick', 'Ban']],
    ['owner', 'Bob', ['Make admin', 'Transfer ownership', 'Kick', 'Ban']],
    ['admin', 'Owen', []],
    ['admin', 'Ada', ['Message']],
    ['admin', 'Bob', ['Kick', 'Ban']],
    ['member', 'Bob', []],
    ['member', 'Me', []],
  ])('as %s, offers on %s exactly %j', async (role, name, expected) => {
    const u = userEvent.setup();
    setup(role);
    await screen.findByRole('button', { name: 'Bob' });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Ada' }).getAttribute('aria-describedby')).toBeTruthy());
    // Let the friends list arrive before judging "Message".
    await new Promise((r) => setTimeout(r, 0));
    const { menu, items } = await actionsOn(u, name);
    expect(items).toEqual(expected);
    expect(within(menu).getByText(`@${name.toLowerCase()}`)).toBeTruthy();
  });

  it('makes an admin and removes one with the role route', async () => {
    const u = userEvent.setup();
    const { server } = setup('owner');
    server
      .on('PATCH /zones/100/members/3', { status: 200, body: { member: member(bob, 'admin') } })
      .on('PATCH /zones/100/members/2', { status: 200, body: { member: member(ada, 'member') } });
    await actionsOn(u, 'Bob');
    await u.click(screen.getByRole('menuitem', { name: 'Make admin' }));
    await actionsOn(u, 'Ada');
    await u.click(screen.getByRole('menuitem', { name: 'Remove admin' }));
    await waitFor(() =>
      expect(server.changes()).toEqual([
        ['PATCH', '/zones/100/members/3', { role: 'admin' }],
        ['PATCH', '/zones/100/members/2', { role: 'member' }],
      ]),
    );
  });

  it('kicks after confirming', async () => {
    const u = userEvent.setup();
    const { server } = setup('admin');
    server.on('DELETE /zones/100/members/3', { status: 204 });
    await actionsOn(u, 'Bob');
    await u.click(screen.getByRole('menuitem', { name: 'Kick' }));
    const dialog = await screen.findByRole('dialog', { name: 'Kick Bob?' });
    await u.click(within(dialog).getByRole('button', { name: 'Kick' }));
    await waitFor(() => expect(server.changes()).toEqual([['DELETE', '/zones/100/members/3', undefined]]));
  });

  it('bans with the reason given, and shows a refusal in the dialog', async () => {
    const u = userEvent.setup();
    const { server } = setup('admin');
    let n = 0;
    server.on('PUT /zones/100/bans/3', () =>
      n++ === 0
        ? { status: 403, body: { error: { code: 'role_too_low', message: 'Their role is not below yours.' } } }
        : { status: 204 },
    );
    await actionsOn(u, 'Bob');
    await u.click(screen.getByRole('menuitem', { name: 'Ban' }));
    const dialog = await screen.findByRole('dialog', { name: 'Ban Bob' });
    await u.type(within(dialog).getByLabelText('Reason (optional)'), '  spam  ');
    await u.click(within(dialog).getByRole('button', { name: 'Ban' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Their role is not below yours.');
    await u.click(within(dialog).getByRole('button', { name: 'Ban' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.changes()).toEqual([
      ['PUT', '/zones/100/bans/3', { reason: 'spam' }],
      ['PUT', '/zones/100/bans/3', { reason: 'spam' }],
    ]);
  });

  it('transfers ownership after confirming', async () => {
    const u = userEvent.setup();
    const { server } = setup('owner');
    server.on('POST /zones/100/transfer', { status: 204 });
    await actionsOn(u, 'Ada');
    await u.click(screen.getByRole('menuitem', { name: 'Transfer ownership' }));
    const dialog = await screen.findByRole('dialog', { name: 'Transfer ownership to Ada?' });
    await u.click(within(dialog).getByRole('button', { name: 'Transfer ownership' }));
    await waitFor(() => expect(server.changes()).toEqual([['POST', '/zones/100/transfer', { user_id: '2' }]]));
  });

  it('opens the DM with a friend', async () => {
    const u = userEvent.setup();
    const { server, location } = setup('member');
    server.on('POST /dms', {
      status: 200,
      body: { chat: { id: '50', type: 'dm', user: ada, created_at: 0, last_read_id: null, last_message_id: null, unread_count: 0, mention_count: 0 } },
    });
    await screen.findByRole('button', { name: 'Ada' });
    await new Promise((r) => setTimeout(r, 0));
    await actionsOn(u, 'Ada');
    await u.click(screen.getByRole('menuitem', { name: 'Message' }));
    await waitFor(() => expect(location()).toBe('/dm/50'));
    expect(server.changes()).toEqual([['POST', '/dms', { user_id: '2' }]]);
  });
});
