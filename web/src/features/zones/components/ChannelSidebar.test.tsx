import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installDomStubs } from '@/components/ui/testing';
import { fakeSession, mockServer, renderWith, textChannel, voiceChannel, zoneFixture } from '../testing';
import type { ZoneRole, ZoneWithReadState } from '../types';
import { ChannelSidebar } from './ChannelSidebar';

beforeAll(installDomStubs);

function setup(zone: ZoneWithReadState | { status: number; body: unknown }) {
  const server = mockServer();
  server.on('GET /zones/100', 'id' in zone ? { status: 200, body: { zone } } : zone);
  const r = renderWith(<ChannelSidebar zoneId="100" />, {
    at: '/zones/100/101',
    path: '/zones/:zoneId/*',
    session: fakeSession(server.api),
  });
  return { server, ...r };
}

const busy = zoneFixture({
  channels: [
    voiceChannel('110', 'Lounge', 1),
    textChannel('105', 'random', 2, 3, 0),
    textChannel('101', 'general', 0),
    textChannel('104', 'news', 2, 5, 2),
    voiceChannel('102', 'General', 3),
  ],
});

async function openMenu(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Rust Fans' }));
  return screen.getByRole('menu').querySelectorAll('[role="menuitem"]');
}

describe('ChannelSidebar', () => {
  it('groups text and voice channels in order, with unread state in the link names', async () => {
    setup(busy);
    const text = await screen.findByRole('list', { name: 'Text channels' });
    const links = within(text).getAllByRole('link');
    expect(links.map((l) => l.getAttribute('aria-label'))).toEqual([
      'general',
      'news, 2 mentions',
      'random, 3 unread messages',
    ]);
    expect(links[0]?.getAttribute('href')).toBe('/zones/100/101');
    expect(links[0]?.getAttribute('aria-current')).toBe('page');
    expect(links[2]?.className).toContain('font-semibold');
    expect(links[0]?.className).not.toContain('font-semibold');
    expect(within(links[1]!).getByText('2')).toBeTruthy(); // the mention badge
  });

  it('lists voice channels as disabled items, not links, saying why', async () => {
    setup(busy);
    const voice = await screen.findByRole('list', { name: 'Voice channels' });
    expect(within(voice).queryAllByRole('link')).toHaveLength(0);
    const lounge = within(voice).getByRole('button', { name: 'Lounge' });
    expect(lounge.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById(lounge.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Voice channels are coming soon',
    );
    expect(within(voice).getAllByRole('button').map((b) => b.textContent)).toEqual(['Lounge', 'General']);
  });

  it.each<[ZoneRole, boolean, string[]]>([
    ['owner', false, ['Invite people', 'Zone settings', 'Create channel']],
    ['admin', false, ['Invite people', 'Zone settings', 'Create channel', 'Leave zone']],
    ['member', false, ['Leave zone']],
    ['member', true, ['Invite people', 'Leave zone']],
  ])('offers a %s (member invites %s) only what they may do', async (role, allow, expected) => {
    const user = userEvent.setup();
    setup(zoneFixture({ my_role: role, allow_member_invites: allow }));
    await screen.findByRole('list', { name: 'Text channels' });
    const adds = screen.queryAllByRole('button', { name: /^Create (text|voice) channel$/ });
    expect(adds).toHaveLength(role === 'member' ? 0 : 2);
    const items = await openMenu(user);
    expect([...items].map((i) => i.textContent)).toEqual(expected);
  });

  it('opens the zone settings from the menu', async () => {
    const user = userEvent.setup();
    const { location } = setup(zoneFixture());
    await openMenu(user);
    await user.click(screen.getByRole('menuitem', { name: 'Zone settings' }));
    expect(location()).toBe('/zones/100/settings/overview');
  });

  it('leaves after confirming and goes to friends', async () => {
    const user = userEvent.setup();
    const { server, location } = setup(zoneFixture({ my_role: 'member' }));
    server.on('POST /zones/100/leave', { status: 204 });
    await openMenu(user);
    await user.click(screen.getByRole('menuitem', { name: 'Leave zone' }));
    const dialog = await screen.findByRole('dialog', { name: 'Leave Rust Fans?' });
    await user.click(within(dialog).getByRole('button', { name: 'Leave zone' }));
    await waitFor(() => expect(location()).toBe('/friends'));
    expect(server.changes()).toEqual([['POST', '/zones/100/leave', undefined]]);
  });

  it('says when the zone is gone, with a way back', async () => {
    setup({ status: 404, body: { error: { code: 'zone_not_found', message: 'No such zone.' } } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This zone does not exist, or you are not a member of it any more.');
    expect(within(alert).getByRole('link', { name: 'Back to friends' }).getAttribute('href')).toBe('/friends');
  });

  it('opens the invite dialog, which makes a link at once', async () => {
    const user = userEvent.setup();
    const { server } = setup(zoneFixture());
    server.on('POST /zones/100/invites', {
      status: 201,
      body: {
        invite: {
          code: 'aZ3kP9qLm2',
          url: 'https://x/invite/aZ3kP9qLm2',
          zone_id: '100',
          creator: null,
          created_at: 0,
          expires_at: null,
          max_uses: null,
          uses: 0,
        },
      },
    });
    await openMenu(user);
    await user.click(screen.getByRole('menuitem', { name: 'Invite people' }));
    const field = await screen.findByLabelText('Invite link');
    await waitFor(() => expect((field as HTMLInputElement).value).toBe(`${window.location.origin}/invite/aZ3kP9qLm2`));
  });
});
