import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ME, refusal, renderWithSession } from '../testing';
import { UserPanel } from './UserPanel';

const dotOf = () => screen.getByRole('button', { name: 'Set status' }).querySelector('[data-status]')?.getAttribute('data-status');

describe('UserPanel', () => {
  it('shows the user with their status, and changes it with PATCH /users/me', async () => {
    const { user, server } = renderWithSession(<UserPanel />, {
      routes: { 'PATCH /users/me': ({ body }) => ({ body: { ...ME, ...(body as object) } }) },
    });
    expect(screen.getByText('Grace Hopper')).toBeTruthy();
    expect(screen.getByText('grace')).toBeTruthy();
    expect(dotOf()).toBe('online');

    await user.click(screen.getByRole('button', { name: 'Set status' }));
    expect(screen.getAllByRole('menuitem').map((m) => m.textContent)).toEqual(['Online', 'Idle', 'Do Not Disturb', 'Invisible']);
    await user.click(screen.getByRole('menuitem', { name: 'Do Not Disturb' }));
    await waitFor(() => expect(server.callsTo('PATCH /users/me')[0]?.body).toEqual({ status: 'dnd' }));
    await waitFor(() => expect(dotOf()).toBe('dnd'));
  });

  it('puts the status back and says why when the server refuses', async () => {
    const { user } = renderWithSession(<UserPanel />, {
      routes: { 'PATCH /users/me': refusal(422, 'invalid_field', 'status is not one of online, idle, dnd, invisible.', 'status') },
    });
    await user.click(screen.getByRole('button', { name: 'Set status' }));
    await user.click(screen.getByRole('menuitem', { name: 'Invisible' }));
    expect(await screen.findByText(/Your status could not be changed: status is not one of/)).toBeTruthy();
    expect(dotOf()).toBe('online');
  });

  it('opens the user settings', async () => {
    const { user, location } = renderWithSession(<UserPanel />);
    await user.click(screen.getByRole('button', { name: 'User settings' }));
    expect(location()).toBe('/settings/profile');
  });
});
