import { createDraftsStore, EMPTY_DRAFT } from './drafts';

describe('drafts', () => {
  it('keeps each conversation’s text and reply apart', () => {
    const d = createDraftsStore();
    d.getState().claim('1');
    d.getState().update('chat:50', { text: 'hello' });
    d.getState().update('channel:70', { replyTo: '9' });
    expect(d.getState().byKey['chat:50']).toEqual({ ...EMPTY_DRAFT, text: 'hello' });
    expect(d.getState().byKey['channel:70']).toEqual({ ...EMPTY_DRAFT, replyTo: '9' });
    const before = d.getState();
    d.getState().update('chat:50', { text: 'hello' });
    expect(d.getState()).toBe(before); // nothing changed, nothing re-renders
    d.getState().clear('chat:50');
    expect(d.getState().byKey['chat:50']).toBeUndefined();
  });

  it('forgets everything when another account claims them', () => {
    const d = createDraftsStore();
    d.getState().claim('1');
    d.getState().update('chat:50', { text: 'secret' });
    d.getState().claim('1');
    expect(d.getState().byKey['chat:50']?.text).toBe('secret');
    d.getState().claim('2');
    expect(d.getState().byKey).toEqual({});
    expect(d.getState().owner).toBe('2');
  });
});
