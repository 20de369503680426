import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installDomStubs } from '@/components/ui/testing';
import { fakeSession, mockServer, renderWith, textChannel, voiceChannel, zoneFixture } from '../testing';
import type { ZoneWithReadState } from '../types';
import ZoneScreen from './ZoneScreen';

beforeAll(installDomStubs);

function setup(answer: { status: number; body: unknown }) {
  const server = mockServer();
  server.on('GET /zones/100', answer);
  return renderWith(<ZoneScreen />, { at: '/zones/100', path: '/zones/:zoneId', session: fakeSession(server.api) });
}

const ok = (zone: ZoneWithReadState) => ({ status: 200, body: { zone } });

describe('ZoneScreen', () => {
  it('goes on to the first text channel', async () => {
    const { location } = setup(
      ok(zoneFixture({ channels: [voiceChannel('102', 'General', 0), textChannel('105', 'b', 2), textChannel('104', 'a', 1)] })),
    );
    await waitFor(() => expect(location()).toBe('/zones/100/104'));
  });

  it('offers an admin to create a channel when there is no text channel', async () => {
    const u = userEvent.setup();
    setup(ok(zoneFixture({ my_role: 'admin', channels: [voiceChannel('102', 'General', 0)] })));
    expect(await screen.findByRole('heading', { name: 'No text channels yet' })).toBeTruthy();
    await u.click(screen.getByRole('button', { name: 'Create channel' }));
    expect(await screen.findByRole('dialog', { name: 'Create channel' })).toBeTruthy();
  });

  it('gives a member no button there', async () => {
    setup(ok(zoneFixture({ my_role: 'member', channels: [] })));
    expect(await screen.findByRole('heading', { name: 'No text channels yet' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create channel' })).toBeNull();
  });

  it('says when the zone cannot be shown', async () => {
    setup({ status: 404, body: { error: { code: 'zone_not_found', message: 'No such zone.' } } });
    expect((await screen.findByRole('alert')).textContent).toContain('This zone does not exist');
  });
});
