import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EmojiPicker, PICKER_COLUMNS } from './EmojiPicker';
import { FREQUENT_KEY } from './frequent';

function grid() {
  // The open tab's panel, or the search results.
  return screen.queryByRole('tabpanel') ?? screen.getByRole('group', { name: 'Search results' });
}

describe('EmojiPicker', () => {
  beforeEach(() => localStorage.clear());

  it('focuses its search field and filters the grid by keyword', async () => {
    const user = userEvent.setup();
    render(<EmojiPicker onPick={vi.fn()} />);
    const field = screen.getByRole('searchbox', { name: 'Search emoji' });
    expect(document.activeElement).toBe(field);
    expect(within(grid()).getByRole('button', { name: 'grinning face' })).toBeTruthy();

    await user.type(field, 'pizza');
    const results = screen.getByRole('group', { name: 'Search results' });
    expect(within(results).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['pizza']);

    await user.clear(field);
    await user.type(field, 'approve');
    expect(within(grid()).getByRole('button', { name: 'thumbs up' })).toBeTruthy();

    await user.clear(field);
    await user.type(field, 'qqxz');
    expect(screen.getByText('No emoji match “qqxz”.')).toBeTruthy();
  });

  it('switches categories with its tabs', async () => {
    const user = userEvent.setup();
    render(<EmojiPicker onPick={vi.fn()} />);
    const tab = screen.getByRole('tab', { name: 'Food & drink' });
    await user.click(tab);
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(within(grid()).getByRole('button', { name: 'pizza' })).toBeTruthy();
    expect(within(grid()).queryByRole('button', { name: 'grinning face' })).toBeNull();
    // Arrow keys move between tabs.
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Activities' }).getAttribute('aria-selected')).toBe('true');
  });

  it('moves through the grid with the arrow keys and picks with Enter', async () => {
    const user = userEvent.setup();
    const onPick = vi.fn();
    render(<EmojiPicker onPick={onPick} />);
    const cells = within(grid()).getAllByRole('button');

    await user.keyboard('{ArrowDown}'); // from the search field into the grid
    expect(document.activeElement).toBe(cells[0]);
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(document.activeElement).toBe(cells[2]);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(cells[2 + PICKER_COLUMNS]);
    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(cells[1 + PICKER_COLUMNS]);
    // Only the focused cell is in the tab order.
    expect(cells.filter((c) => c.tabIndex === 0)).toEqual([cells[1 + PICKER_COLUMNS]]);

    await user.keyboard('{Enter}');
    const expected = cells[1 + PICKER_COLUMNS]!.textContent;
    expect(onPick).toHaveBeenCalledExactlyOnceWith(expected);

    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search emoji' }));
  });

  it('picks the first result with Enter in the search field', async () => {
    const user = userEvent.setup();
    const onPick = vi.fn();
    render(<EmojiPicker onPick={onPick} />);
    await user.type(screen.getByRole('searchbox', { name: 'Search emoji' }), 'thumbs up{Enter}');
    expect(onPick).toHaveBeenCalledWith('👍');
  });

  it('calls onClose on Escape', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    render(<EmojiPicker onPick={vi.fn()} onClose={onClose} />);
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('remembers picks in a "Frequently used" tab, most recent first', async () => {
    const user = userEvent.setup();
    const first = render(<EmojiPicker onPick={vi.fn()} />);
    expect(screen.queryByRole('tab', { name: 'Frequently used' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'grinning face' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search emoji' }), 'pizza');
    await user.click(screen.getByRole('button', { name: 'pizza' }));
    first.unmount();

    expect(JSON.parse(localStorage.getItem(FREQUENT_KEY) ?? '[]')).toEqual(['🍕', '😀']);
    render(<EmojiPicker onPick={vi.fn()} />);
    const tab = screen.getByRole('tab', { name: 'Frequently used' });
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(within(grid()).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual([
      'pizza',
      'grinning face',
    ]);
  });
});
