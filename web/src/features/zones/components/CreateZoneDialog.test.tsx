import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installDomStubs } from '@/components/ui/testing';
import { queryKeys } from '@/features/live/queryKeys';
import { fakeSession, mockServer, renderWith, zoneFixture } from '../testing';
import type { ZoneSummary } from '../types';
import { CreateZoneDialog } from './CreateZoneDialog';

beforeAll(installDomStubs);

const created = { ...zoneFixture({ id: '200', name: 'Book Club' }), channels: [
  { id: '202', name: 'General', type: 'voice' as const, position: 1, topic: '' },
  { id: '201', name: 'general', type: 'text' as const, position: 0, topic: '' },
] };

function setup() {
  const server = mockServer();
  const onOpenChange = vi.fn();
  const r = renderWith(<CreateZoneDialog open onOpenChange={onOpenChange} />, {
    at: '/friends',
    path: '/friends',
    session: fakeSession(server.api),
  });
  return { server, onOpenChange, ...r };
}

describe('CreateZoneDialog', () => {
  it('refuses an empty name without asking the server', async () => {
    const user = userEvent.setup();
    const { server } = setup();
    expect(screen.getByRole('dialog', { name: 'Create a zone' })).toBeTruthy();
    await user.type(screen.getByLabelText(/Zone name/), '   ');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Enter a zone name.')).toBeTruthy();
    expect(server.calls).toHaveLength(0);
  });

  it('creates the zone, uploads the icon, lists it and opens its first text channel', async () => {
    const user = userEvent.setup();
    const { server, onOpenChange, client, location } = setup();
    client.setQueryData<ZoneSummary[]>(queryKeys.zones, []);
    server
      .on('POST /zones', { status: 201, body: { zone: created } })
      .on('PUT /zones/200/icon', { status: 200, body: { zone: { ...created, icon_url: '/api/v1/zone-icons/a.png' } } });
    const picture = new File([new Uint8Array([0x89, 0x50])], 'icon.png', { type: 'image/png' });
    await user.upload(screen.getByLabelText('Zone icon'), picture);
    expect(screen.getByText('icon.png')).toBeTruthy();
    await user.type(screen.getByLabelText(/Zone name/), '  Book Club ');
    await user.click(screen.getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(location()).toBe('/zones/200/201'));
    expect(server.changes()).toEqual([
      ['POST', '/zones', { name: 'Book Club' }],
      ['PUT', '/zones/200/icon', picture],
    ]);
    expect(onOpenChange).toHaveBeenCalledWith(false);
    expect(client.getQueryData<ZoneSummary[]>(queryKeys.zones)?.map((z) => [z.id, z.icon_url])).toEqual([
      ['200', '/api/v1/zone-icons/a.png'],
    ]);
    expect(client.getQueryState(queryKeys.zones)?.isInvalidated).toBe(true);
  });

  it('refuses a picture of another type before uploading', async () => {
    const user = userEvent.setup({ applyAccept: false });
    const { server } = setup();
    await user.upload(screen.getByLabelText('Zone icon'), new File(['x'], 'notes.txt', { type: 'text/plain' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Pick a PNG, JPEG, GIF or WebP picture.');
    expect(server.calls).toHaveLength(0);
  });

  it("shows the server's refusal on the form", async () => {
    const user = userEvent.setup();
    const { server } = setup();
    server.on('POST /zones', {
      status: 403,
      body: { error: { code: 'email_unverified', message: 'Verify your e-mail address first.' } },
    });
    await user.type(screen.getByLabelText(/Zone name/), 'Book Club');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Verify your e-mail address first.');
  });

  it('opens an invite from a pasted link or code, refusing anything else', async () => {
    const user = userEvent.setup();
    const { onOpenChange, location } = setup();
    const field = screen.getByLabelText('Invite link or code');
    await user.type(field, 'hello there');
    await user.click(screen.getByRole('button', { name: 'Join a zone' }));
    expect(await screen.findByText('That is not an invite link or code.')).toBeTruthy();
    await user.clear(field);
    await user.type(field, 'https://chat.example.com/invite/aZ3kP9qLm2');
    await user.click(screen.getByRole('button', { name: 'Join a zone' }));
    await waitFor(() => expect(location()).toBe('/invite/aZ3kP9qLm2'));
    expect(onOpenChange).toHaveBeenCalledWith(false);
  });
});
