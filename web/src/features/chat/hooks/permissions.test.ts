import { messagePermissions } from './permissions';

const me = '1';
const other = '2';

describe('messagePermissions', () => {
  it('lets either DM member pin, and only the author edit or delete', () => {
    expect(messagePermissions({ kind: 'dm', myId: me }, me)).toEqual({ canEdit: true, canDelete: true, canPin: true });
    expect(messagePermissions({ kind: 'dm', myId: me }, other)).toEqual({ canEdit: false, canDelete: false, canPin: true });
  });

  it('gives zone admins and owners pins and deletes, never someone else’s edit', () => {
    for (const role of ['admin', 'owner'] as const) {
      expect(messagePermissions({ kind: 'channel', myId: me, role }, other)).toEqual({ canEdit: false, canDelete: true, canPin: true });
    }
    expect(messagePermissions({ kind: 'channel', myId: me, role: 'member' }, other)).toEqual({ canEdit: false, canDelete: false, canPin: false });
    expect(messagePermissions({ kind: 'channel', myId: me, role: 'member' }, me)).toEqual({ canEdit: true, canDelete: true, canPin: false });
    // Role not known yet: nothing beyond the author's rights.
    expect(messagePermissions({ kind: 'channel', myId: me }, other).canPin).toBe(false);
  });

  it('treats a deleted account’s messages as someone else’s', () => {
    expect(messagePermissions({ kind: 'channel', myId: me, role: 'member' }, null)).toEqual({ canEdit: false, canDelete: false, canPin: false });
  });
});
