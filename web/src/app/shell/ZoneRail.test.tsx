import { screen } from '@testing-library/react';
import { person, renderWithSession } from '@/features/settings/testing';
import { ZoneRail } from './ZoneRail';

const ada = person('2', 'ada', 'Ada');

function dm(id: string, unread: number) {
  return { id, type: 'dm', user: ada, created_at: 1, last_read_id: null, last_message_id: null, unread_count: unread, mention_count: 0 };
}

function zone(id: string, name: string, unread: number, mentions: number) {
  return { id, name, icon_url: null, owner_id: '1', allow_member_invites: false, created_at: 1, my_role: 'member', unread_count: unread, mention_count: mentions };
}

describe('ZoneRail', () => {
  it('names each entry with what its badge counts', async () => {
    renderWithSession(<ZoneRail />, {
      at: '/zones/9/70',
      path: '/zones/:zoneId/*',
      routes: {
        'GET /dms': { body: { chats: [dm('50', 2), dm('51', 1)] } },
        'GET /zones': { body: { zones: [zone('9', 'Lab', 4, 1), zone('10', 'Quiet', 3, 0), zone('11', 'Read', 0, 0)] } },
      },
    });
    expect(await screen.findByRole('link', { name: 'Direct messages, 3 unread direct messages' })).toBeTruthy();
    const lab = screen.getByRole('link', { name: 'Lab, 1 mention' });
    expect(lab.getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Quiet, unread messages' }).getAttribute('aria-current')).toBeNull();
    expect(screen.getByRole('link', { name: 'Read' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Create a zone' })).toBeTruthy();
  });
});
