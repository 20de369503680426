import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installDomStubs } from '@/components/ui/testing';
import { fakeSession, mockServer, renderWith } from '../testing';
import { CreateChannelDialog } from './CreateChannelDialog';

beforeAll(installDomStubs);

function setup() {
  const server = mockServer();
  const onOpenChange = vi.fn();
  const r = renderWith(<CreateChannelDialog zoneId="100" open onOpenChange={onOpenChange} />, {
    at: '/zones/100/101',
    path: '/zones/:zoneId/*',
    session: fakeSession(server.api),
  });
  return { server, onOpenChange, ...r };
}

describe('CreateChannelDialog', () => {
  it('creates a text channel under the name the server will store, and opens it', async () => {
    const u = userEvent.setup();
    const { server, location, onOpenChange } = setup();
    server.on('POST /zones/100/channels', {
      status: 201,
      body: { channel: { id: '150', name: 'off-topic', type: 'text', position: 2, topic: '' } },
    });
    expect((screen.getByRole('radio', { name: 'Text' }) as HTMLInputElement).checked).toBe(true);
    await u.type(screen.getByLabelText(/Channel name/), 'Off Topic');
    expect(screen.getByText('It will be named #off-topic.')).toBeTruthy();
    await u.click(screen.getByRole('button', { name: 'Create channel' }));
    await waitFor(() => expect(location()).toBe('/zones/100/150'));
    expect(server.changes()).toEqual([['POST', '/zones/100/channels', { type: 'text', name: 'off-topic' }]]);
    expect(onOpenChange).toHaveBeenCalledWith(false);
  });

  it('keeps a voice channel name as typed and stays put', async () => {
    const u = userEvent.setup();
    const { server, location } = setup();
    server.on('POST /zones/100/channels', {
      status: 201,
      body: { channel: { id: '151', name: 'Game Night', type: 'voice', position: 3, topic: '' } },
    });
    await u.click(screen.getByRole('radio', { name: 'Voice' }));
    await u.type(screen.getByLabelText(/Channel name/), ' Game Night ');
    await u.click(screen.getByRole('button', { name: 'Create channel' }));
    await waitFor(() => expect(server.changes()).toEqual([['POST', '/zones/100/channels', { type: 'voice', name: 'Game Night' }]]));
    expect(location()).toBe('/zones/100/101');
  });

  it('validates the name and shows the refusals in words', async () => {
    const u = userEvent.setup();
    const { server } = setup();
    await u.click(screen.getByRole('button', { name: 'Create channel' }));
    expect(await screen.findByText('Enter a channel name.')).toBeTruthy();
    expect(server.calls).toHaveLength(0);
    server.on('POST /zones/100/channels', {
      status: 409,
      body: { error: { code: 'channel_limit', message: 'A zone has at most 500 channels.' } },
    });
    await u.type(screen.getByLabelText(/Channel name/), 'more');
    await u.click(screen.getByRole('button', { name: 'Create channel' }));
    expect((await screen.findByRole('alert')).textContent).toBe('A zone has at most 500 channels.');
  });
});
