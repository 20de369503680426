import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { themeStore } from '@/app/theme';
import { ME, refusal, renderWithSession, type FakeHandler } from '../testing';
import SettingsScreen from './SettingsScreen';

const echoPatch: FakeHandler = ({ body }) => ({ body: { ...ME, ...(body as object) } });

function setup(tab: string, routes: Record<string, FakeHandler> = {}, me = ME) {
  const view = renderWithSession(<SettingsScreen />, { at: `/settings/${tab}`, path: '/settings/:tab', routes, me });
  // signOut() and the account deletion use the page's own fetch: route it to the same fake server.
  vi.stubGlobal('fetch', view.server.fetch);
  return view;
}

afterEach(() => vi.unstubAllGlobals());

describe('SettingsScreen: navigation', () => {
  it('has the four sections, Log out and Close settings; closing goes to the friends screen', async () => {
    const { user, location } = setup('account');
    const nav = screen.getByRole('navigation', { name: 'User settings' });
    expect(within(nav).getAllByRole('link').map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['My profile', '/settings/profile'],
      ['Account', '/settings/account'],
      ['Sessions', '/settings/sessions'],
      ['Appearance', '/settings/appearance'],
    ]);
    expect(within(nav).getByRole('link', { name: 'Account' }).getAttribute('aria-current')).toBe('page');
    await user.click(within(nav).getByRole('link', { name: 'Appearance' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Appearance' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Close settings' }));
    expect(location()).toBe('/friends');
  });

  it('closes with Escape, but Escape first closes an open dialog', async () => {
    const { user, location } = setup('account');
    await user.click(screen.getByRole('button', { name: 'Delete account' }));
    expect(screen.getByRole('dialog', { name: 'Delete account' })).toBeTruthy();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(location()).toBe('/settings/account');
    await user.keyboard('{Escape}');
    expect(location()).toBe('/friends');
  });

  it('sends an unknown section to My profile', () => {
    const { location } = setup('nonsense');
    expect(location()).toBe('/settings/profile');
  });

  it('logs out after confirming and goes to the sign-in screen', async () => {
    const { user, server, location } = setup('profile', { 'POST /auth/logout': {} });
    await user.click(screen.getByRole('button', { name: 'Log out' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Log out' })).getByRole('button', { name: 'Log out' }));
    await waitFor(() => expect(location()).toBe('/login'));
    expect(server.callsTo('POST /auth/logout')).toHaveLength(1);
  });
});

describe('SettingsScreen: My profile', () => {
  beforeEach(() => {
    URL.createObjectURL = vi.fn(() => 'blob:preview');
    URL.revokeObjectURL = vi.fn();
  });

  it('validates the display name and bio before asking the server', async () => {
    const { user, server } = setup('profile', { 'PATCH /users/me': echoPatch });
    const name = screen.getByRole('textbox', { name: /Display name/ });
    expect((name as HTMLInputElement).value).toBe('Grace Hopper');
    await user.clear(name);
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Enter a display name.')).toBeTruthy();
    await user.type(name, 'x'.repeat(33));
    fireEvent.change(screen.getByRole('textbox', { name: 'Bio' }), { target: { value: 'b'.repeat(191) } });
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Display names are at most 32 characters.')).toBeTruthy();
    expect(screen.getByText('Bios are at most 190 characters.')).toBeTruthy();
    expect(server.callsTo('PATCH /users/me')).toHaveLength(0);
  });

  it('saves only what changed and shows the new profile', async () => {
    const { user, server, queryClient } = setup('profile', { 'PATCH /users/me': echoPatch });
    const name = screen.getByRole('textbox', { name: /Display name/ });
    await user.clear(name);
    await user.type(name, '  Amazing Grace ');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(server.callsTo('PATCH /users/me')).toHaveLength(1));
    expect(server.callsTo('PATCH /users/me')[0]?.body).toEqual({ display_name: 'Amazing Grace' });
    await waitFor(() => expect(queryClient.getQueryData<typeof ME>(['me'])?.display_name).toBe('Amazing Grace'));
    expect(await screen.findByText('Your profile is saved.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Save changes' }).hasAttribute('disabled')).toBe(true);
  });

  it('shows a server refusal under its field', async () => {
    const { user } = setup('profile', {
      'PATCH /users/me': refusal(422, 'invalid_field', 'bio must not contain control characters.', 'bio'),
    });
    await user.type(screen.getByRole('textbox', { name: 'Bio' }), ' More.');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    const bio = screen.getByRole('textbox', { name: 'Bio' });
    await waitFor(() => expect(bio.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('bio must not contain control characters.')).toBeTruthy();
  });

  it('previews a new avatar and uploads its bytes on save', async () => {
    const { user, server } = setup('profile', {
      'PUT /users/me/avatar': { body: { ...ME, avatar_url: '/api/v1/avatars/0123456789abcdef0123456789abcdef.png' } },
    });
    const file = new File([new Uint8Array([137, 80, 78, 71])], 'me.png', { type: 'image/png' });
    await user.upload(screen.getByLabelText('Change avatar'), file);
    expect(screen.getByRole('img', { name: 'New avatar preview' }).getAttribute('src')).toBe('blob:preview');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(server.callsTo('PUT /users/me/avatar')).toHaveLength(1));
    expect(server.callsTo('PUT /users/me/avatar')[0]?.body).toBe(file);
    expect(await screen.findByText('Your profile is saved.')).toBeTruthy();
  });

  it('refuses a file that is not a picture, and shows the server’s refusal of one', async () => {
    const { user } = setup('profile', {
      'PUT /users/me/avatar': refusal(415, 'unsupported_image', 'That is not a PNG, JPEG, GIF or WebP picture.'),
    });
    const input = screen.getByLabelText('Change avatar');
    fireEvent.change(input, { target: { files: [new File(['hi'], 'notes.txt', { type: 'text/plain' })] } });
    expect(screen.getByText('Avatars must be PNG, JPEG, GIF or WebP pictures.')).toBeTruthy();
    fireEvent.change(input, { target: { files: [new File(['x'], 'fake.png', { type: 'image/png' })] } });
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('The avatar was not saved: That is not a PNG, JPEG, GIF or WebP picture.')).toBeTruthy();
  });

  it('removes the avatar with DELETE', async () => {
    const withAvatar = { ...ME, avatar_url: '/api/v1/avatars/0123456789abcdef0123456789abcdef.png' };
    const { user, server, queryClient } = setup('profile', { 'DELETE /users/me/avatar': { body: { ...ME, avatar_url: null } } }, withAvatar);
    const preview = within(screen.getByRole('complementary', { name: 'Preview' }));
    const avatar = () => preview.getByRole('img', { name: 'Grace Hopper’s avatar' });
    expect(avatar().getAttribute('src')).toBe(withAvatar.avatar_url);
    await user.click(screen.getByRole('button', { name: 'Remove avatar' }));
    expect(avatar().tagName).not.toBe('IMG'); // the initials again
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(server.callsTo('DELETE /users/me/avatar')).toHaveLength(1));
    await waitFor(() => expect(queryClient.getQueryData<typeof ME>(['me'])?.avatar_url).toBeNull());
  });
});

describe('SettingsScreen: Account', () => {
  it('shows the username and the verified e-mail address', () => {
    setup('account');
    expect(screen.getByText('grace')).toBeTruthy();
    expect(screen.getByText('grace@example.com')).toBeTruthy();
    expect(screen.getByText('Verified')).toBeTruthy();
  });

  it('validates the password change and shows a wrong current password under its field', async () => {
    const { user, server } = setup('account', {
      'POST /auth/password': refusal(403, 'wrong_password', 'The current password is wrong.'),
    });
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Enter your current password.')).toBeTruthy();
    expect(screen.getByText('Passwords are at least 8 characters.')).toBeTruthy();

    await user.type(screen.getByLabelText('Current password'), 'old password');
    await user.type(screen.getByLabelText('New password'), 'correct horse battery');
    await user.type(screen.getByLabelText('Confirm new password'), 'correct horse battery!');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('The passwords do not match.')).toBeTruthy();
    expect(server.callsTo('POST /auth/password')).toHaveLength(0);

    await user.type(screen.getByLabelText('New password'), '!');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('The current password is wrong.')).toBeTruthy();
    expect(screen.getByLabelText('Current password').getAttribute('aria-invalid')).toBe('true');
    expect(server.callsTo('POST /auth/password')[0]?.body).toEqual({
      current_password: 'old password',
      new_password: 'correct horse battery!',
    });
  });

  it('says the other sessions were signed out after a password change', async () => {
    const { user } = setup('account', { 'POST /auth/password': {} });
    expect(screen.getByText(/signs you out on every other device/)).toBeTruthy();
    await user.type(screen.getByLabelText('Current password'), 'old password');
    await user.type(screen.getByLabelText('New password'), 'correct horse battery');
    await user.type(screen.getByLabelText('Confirm new password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Your password is changed. Every other session was signed out.')).toBeTruthy();
    expect((screen.getByLabelText('New password') as HTMLInputElement).value).toBe('');
  });

  it('deletes the account with the password, then goes to the sign-in screen', async () => {
    const { user, server, location, queryClient } = setup('account', { 'DELETE /users/me': {} });
    await user.click(screen.getByRole('button', { name: 'Delete account' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete account' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete account' }));
    expect(await within(dialog).findByText('Enter your password.')).toBeTruthy();
    await user.type(within(dialog).getByLabelText('Password'), 'my secret pw');
    await user.click(within(dialog).getByRole('button', { name: 'Delete account' }));
    await waitFor(() => expect(location()).toBe('/login'));
    expect(server.callsTo('DELETE /users/me')[0]?.body).toEqual({ password: 'my secret pw' });
    expect(queryClient.getQueryData(['me'])).toBeNull();
  });

  it('shows why the server refuses a deletion, and asks for the username when the account has no password', async () => {
    const { user, server } = setup('account', {
      'DELETE /users/me': refusal(409, 'owns_zones', 'You own zones: transfer them to someone else or delete them first.'),
    });
    await user.click(screen.getByRole('button', { name: 'Delete account' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete account' });
    await user.type(within(dialog).getByLabelText('Password'), 'pw');
    await user.click(within(dialog).getByRole('button', { name: 'Delete account' }));
    expect(await within(dialog).findByText(/You own zones/)).toBeTruthy();

    server.routes['DELETE /users/me'] = refusal(422, 'invalid_field', 'Type your username in confirm.', 'confirm');
    await user.click(within(dialog).getByRole('button', { name: 'Delete account' }));
    expect(await within(dialog).findByText('Your account has no password: type your username to confirm.')).toBeTruthy();
    server.routes['DELETE /users/me'] = {};
    await user.type(within(dialog).getByRole('textbox', { name: 'Username' }), 'grace');
    await user.click(within(dialog).getByRole('button', { name: 'Delete account' }));
    await waitFor(() => expect(server.callsTo('DELETE /users/me').at(-1)?.body).toEqual({ confirm: 'grace' }));
  });
});

describe('SettingsScreen: Sessions', () => {
  const sessions = [
    { id: '1', created_at: 1750000000000, last_used_at: 1750000360000, user_agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', ip: '203.0.113.7', current: true },
    { id: '2', created_at: 1740000000000, last_used_at: 1745000000000, user_agent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', ip: null, current: false },
    { id: '3', created_at: 1730000000000, last_used_at: 1731000000000, user_agent: null, ip: '198.51.100.2', current: false },
  ];

  it('lists the sessions with this device marked, and logs out another', async () => {
    let list = sessions;
    const { user, server } = setup('sessions', {
      'GET /auth/sessions': () => ({ body: { sessions: list } }),
      'DELETE /auth/sessions/2': () => {
        list = list.filter((s) => s.id !== '2');
        return {};
      },
    });
    const here = await screen.findByRole('listitem', { name: 'Firefox on Linux' });
    expect(within(here).getByText('This device')).toBeTruthy();
    expect(within(here).getByText(/203\.0\.113\.7/)).toBeTruthy();
    expect(within(here).queryByRole('button', { name: 'Log out' })).toBeNull();
    const phone = screen.getByRole('listitem', { name: 'Safari on iPhone' });
    expect(screen.getByRole('listitem', { name: 'Unknown device' })).toBeTruthy();
    await user.click(within(phone).getByRole('button', { name: 'Log out' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Safari on iPhone' })).toBeNull());
    expect(server.callsTo('DELETE /auth/sessions/2')).toHaveLength(1);
  });

  it('logs out all other sessions', async () => {
    const { user, server } = setup('sessions', {
      'GET /auth/sessions': { body: { sessions } },
      'POST /auth/sessions/revoke-others': {},
    });
    await user.click(await screen.findByRole('button', { name: 'Log out all other sessions' }));
    await waitFor(() => expect(server.callsTo('POST /auth/sessions/revoke-others')).toHaveLength(1));
  });

  it('logs out everywhere after confirming', async () => {
    const { user, server, location } = setup('sessions', {
      'GET /auth/sessions': { body: { sessions } },
      'POST /auth/logout-everywhere': {},
    });
    await user.click(await screen.findByRole('button', { name: 'Log out everywhere' }));
    const dialog = await screen.findByRole('dialog', { name: 'Log out everywhere?' });
    await user.click(within(dialog).getByRole('button', { name: 'Log out everywhere' }));
    await waitFor(() => expect(location()).toBe('/login'));
    expect(server.callsTo('POST /auth/logout-everywhere')).toHaveLength(1);
  });

  it('shows a refused logout in words', async () => {
    const { user } = setup('sessions', {
      'GET /auth/sessions': { body: { sessions } },
      'DELETE /auth/sessions/3': refusal(404, 'session_not_found', 'That session has already ended.'),
    });
    const old = await screen.findByRole('listitem', { name: 'Unknown device' });
    await user.click(within(old).getByRole('button', { name: 'Log out' }));
    expect(await screen.findByText('That session has already ended.')).toBeTruthy();
  });
});

describe('SettingsScreen: Appearance', () => {
  it('switches the theme on <html>', async () => {
    const { user } = setup('appearance');
    act(() => themeStore.getState().setTheme('dark'));
    const group = screen.getByRole('radiogroup', { name: 'Theme' });
    expect(within(group).getAllByRole('radio').map((r) => r.getAttribute('aria-labelledby') && document.getElementById(r.getAttribute('aria-labelledby')!)?.textContent)).toEqual([
      'Dark',
      'Light',
      'Sync with system',
    ]);
    await user.click(screen.getByRole('radio', { name: 'Light' }));
    expect(document.documentElement.dataset.theme).toBe('light');
    expect((screen.getByRole('radio', { name: 'Light' }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'Sync with system' }));
    expect(document.documentElement.dataset.theme).toBe('system');
  });
});
