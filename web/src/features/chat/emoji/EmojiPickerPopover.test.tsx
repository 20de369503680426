import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EmojiPickerPopover } from './EmojiPickerPopover';
import { placePopover } from './AnchoredPopover';

function Example({ onPick = vi.fn() }: { onPick?: (emoji: string) => void }) {
  return (
    <div>
      <p>Outside</p>
      <EmojiPickerPopover label="Add reaction" onPick={onPick} trigger={<button type="button">😀</button>} />
    </div>
  );
}

describe('EmojiPickerPopover', () => {
  // The picker is loaded lazily; load the module once so each test does not wait for the transform.
  beforeAll(async () => {
    await import('./EmojiPicker');
  });
  beforeEach(() => localStorage.clear());

  it('opens a labelled dialog from its trigger with focus in the search field', async () => {
    const user = userEvent.setup();
    render(<Example />);
    // An unnamed trigger is named after what picking does.
    const trigger = screen.getByRole('button', { name: 'Add reaction' });
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    expect(trigger.getAttribute('aria-haspopup')).toBe('dialog');

    await user.click(trigger);
    const dialog = screen.getByRole('dialog', { name: 'Emoji picker' });
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(trigger.getAttribute('data-state')).toBe('open');
    const field = await screen.findByRole('searchbox', { name: 'Search emoji' });
    expect(dialog.contains(field)).toBe(true);
    await waitFor(() => expect(document.activeElement).toBe(field));
  });

  it('picks, closes and gives focus back to the trigger', async () => {
    const user = userEvent.setup();
    const onPick = vi.fn();
    render(<Example onPick={onPick} />);
    const trigger = screen.getByRole('button', { name: 'Add reaction' });
    await user.click(trigger);
    await user.click(await screen.findByRole('button', { name: 'thumbs up' }));
    expect(onPick).toHaveBeenCalledWith('👍');
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(trigger));
  });

  it('closes on Escape and on a click outside', async () => {
    const user = userEvent.setup();
    render(<Example />);
    const trigger = screen.getByRole('button', { name: 'Add reaction' });

    await user.click(trigger);
    await screen.findByRole('searchbox', { name: 'Search emoji' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(trigger));

    await user.click(trigger);
    await screen.findByRole('searchbox', { name: 'Search emoji' });
    await user.click(screen.getByText('Outside'));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(trigger));
  });

  it('keeps Tab inside the dialog', async () => {
    const user = userEvent.setup();
    render(<Example />);
    await user.click(screen.getByRole('button', { name: 'Add reaction' }));
    const dialog = screen.getByRole('dialog', { name: 'Emoji picker' });
    await screen.findByRole('searchbox', { name: 'Search emoji' });
    for (let i = 0; i < 4; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await user.tab({ shift: true });
    await user.tab({ shift: true });
    await user.tab({ shift: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
  });
});

describe('placePopover', () => {
  const viewport = { width: 360, height: 640 };
  const size = { width: 344, height: 380 };

  it('goes above the trigger when it fits, else below, and stays on screen', () => {
    expect(placePopover({ top: 600, bottom: 632, right: 350 }, size, viewport)).toEqual({ top: 212, left: 8 });
    expect(placePopover({ top: 100, bottom: 132, right: 350 }, size, viewport)).toEqual({ top: 140, left: 8 });
    const wide = { width: 1200, height: 800 };
    expect(placePopover({ top: 700, bottom: 732, right: 1000 }, size, wide)).toEqual({ top: 312, left: 656 });
  });
});
