import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installDomStubs } from '@/components/ui/testing';
import { toastStore } from '@/components/ui';
import { fakeSession, mockServer, renderWith } from '../testing';
import type { Invite } from '../types';
import { InviteDialog } from './InviteDialog';

beforeAll(installDomStubs);
beforeEach(() => toastStore.getState().clear());

function invite(code: string): Invite {
  return {
    code,
    url: `https://elsewhere.example/invite/${code}`,
    zone_id: '100',
    creator: null,
    created_at: 0,
    expires_at: null,
    max_uses: null,
    uses: 0,
  };
}

function setup(...answers: { status: number; body: unknown }[]) {
  const server = mockServer();
  let n = 0;
  server.on('POST /zones/100/invites', () => answers[Math.min(n++, answers.length - 1)]!);
  renderWith(<InviteDialog zoneId="100" zoneName="Rust Fans" open onOpenChange={() => {}} />, {
    at: '/zones/100/101',
    path: '/zones/:zoneId/*',
    session: fakeSession(server.api),
  });
  return server;
}

const linkField = () => screen.getByLabelText('Invite link') as HTMLInputElement;

describe('InviteDialog', () => {
  it('makes a 7-day unlimited link on opening, and new ones with the chosen limits', async () => {
    const user = userEvent.setup();
    const server = setup({ status: 201, body: { invite: invite('first00001') } }, { status: 201, body: { invite: invite('second0002') } });
    expect(screen.getByRole('dialog', { name: 'Invite people' })).toBeTruthy();
    await waitFor(() => expect(linkField().value).toBe(`${window.location.origin}/invite/first00001`));
    expect(linkField().readOnly).toBe(true);

    await user.selectOptions(screen.getByLabelText('Expire after'), '1 hour');
    await user.selectOptions(screen.getByLabelText('Max uses'), '10');
    await user.click(screen.getByRole('button', { name: 'Generate a new link' }));
    await waitFor(() => expect(linkField().value).toBe(`${window.location.origin}/invite/second0002`));

    await user.selectOptions(screen.getByLabelText('Expire after'), 'Never');
    await user.selectOptions(screen.getByLabelText('Max uses'), 'No limit');
    await user.click(screen.getByRole('button', { name: 'Generate a new link' }));
    await waitFor(() => expect(server.changes()).toHaveLength(3));
    expect(server.changes()).toEqual([
      ['POST', '/zones/100/invites', { expires_in_s: 604800, max_uses: null }],
      ['POST', '/zones/100/invites', { expires_in_s: 3600, max_uses: 10 }],
      ['POST', '/zones/100/invites', { expires_in_s: null, max_uses: null }],
    ]);
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      '30 minutes', '1 hour', '6 hours', '12 hours', '1 day', '7 days', 'Never',
      'No limit', '1', '5', '10', '25', '50', '100',
    ]);
  });

  it('copies the link', async () => {
    const user = userEvent.setup();
    setup({ status: 201, body: { invite: invite('first00001') } });
    await waitFor(() => expect(linkField().value).not.toBe(''));
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe(`${window.location.origin}/invite/first00001`);
    expect(toastStore.getState().toasts.map((t) => t.message)).toEqual(['Link copied']);
  });

  it('says in words when the server refuses', async () => {
    setup({ status: 403, body: { error: { code: 'admin_required', message: 'Admins only.' } } });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Only admins can invite people to this zone: members may not create invites here.',
    );
    expect((screen.getByRole('button', { name: 'Copy' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says when invites are rate limited', async () => {
    setup({ status: 429, body: { error: { code: 'rate_limited', message: 'Slow down.' } } });
    expect((await screen.findByRole('alert')).textContent).toContain('Too many invites at once.');
  });
});
