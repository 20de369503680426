import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Button } from './Button';
import { Menu, MenuItem, MenuSeparator } from './Menu';
import { Tooltip } from './Tooltip';
import { installDomStubs } from './testing';

beforeAll(installDomStubs);

function MessageMenu({ onEdit, onCopy, onDelete }: { onEdit: () => void; onCopy: () => void; onDelete: () => void }) {
  return (
    <Menu trigger={<Button>More</Button>} label="Message actions">
      <MenuItem onSelect={onEdit} shortcut="E" keyShortcuts="E">
        Edit message
      </MenuItem>
      <MenuItem onSelect={onCopy}>Copy text</MenuItem>
      <MenuSeparator />
      <MenuItem onSelect={onDelete} danger>
        Delete message
      </MenuItem>
    </Menu>
  );
}

describe('Menu', () => {
  it('opens from the keyboard, moves with arrows and selects with Enter', async () => {
    const user = userEvent.setup();
    const onEdit = vi.fn();
    const onCopy = vi.fn();
    const onDelete = vi.fn();
    render(<MessageMenu onEdit={onEdit} onCopy={onCopy} onDelete={onDelete} />);

    const trigger = screen.getByRole('button', { name: 'More' });
    trigger.focus();
    await user.keyboard('{Enter}');

    const menu = screen.getByRole('menu', { name: 'Message actions' });
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(menu.querySelectorAll('[role="menuitem"]')).toHaveLength(3);
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Edit message' }));

    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Copy text' }));
    await user.keyboard('{Enter}');

    expect(onCopy).toHaveBeenCalledTimes(1);
    expect(onEdit).not.toHaveBeenCalled();
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('keeps the shortcut text out of the item name and exposes it as aria-keyshortcuts', async () => {
    const user = userEvent.setup();
    render(<MessageMenu onEdit={vi.fn()} onCopy={vi.fn()} onDelete={vi.fn()} />);
    screen.getByRole('button', { name: 'More' }).focus();
    await user.keyboard('{Enter}');
    const edit = screen.getByRole('menuitem', { name: 'Edit message' });
    expect(edit.textContent).toContain('E');
    expect(edit.getAttribute('aria-keyshortcuts')).toBe('E');
    expect(screen.getByRole('menuitem', { name: 'Delete message' }).hasAttribute('data-danger')).toBe(true);
  });

  it('wraps around and closes with Escape', async () => {
    const user = userEvent.setup();
    const onDelete = vi.fn();
    render(<MessageMenu onEdit={vi.fn()} onCopy={vi.fn()} onDelete={onDelete} />);
    const trigger = screen.getByRole('button', { name: 'More' });
    trigger.focus();
    await user.keyboard('{Enter}');
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Delete message' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(onDelete).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(trigger);
  });

  it('does not select disabled items', async () => {
    const user = userEvent.setup();
    const onPin = vi.fn();
    const onCopy = vi.fn();
    render(
      <Menu trigger={<Button>More</Button>}>
        <MenuItem onSelect={onPin} disabled>
          Pin message
        </MenuItem>
        <MenuItem onSelect={onCopy}>Copy text</MenuItem>
      </Menu>,
    );
    screen.getByRole('button', { name: 'More' }).focus();
    await user.keyboard('{Enter}');
    // Keyboard focus skips the disabled item.
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Copy text' }));
    await user.keyboard('{Enter}');
    expect(onCopy).toHaveBeenCalledTimes(1);
    expect(onPin).not.toHaveBeenCalled();
  });
});

describe('Tooltip', () => {
  it('shows on keyboard focus as a tooltip describing the trigger, hides on Escape', async () => {
    const user = userEvent.setup();
    render(
      <Tooltip content="Mute channel">
        <Button aria-label="Mute channel" size="icon">
          🔇
        </Button>
      </Tooltip>,
    );
    expect(screen.queryByRole('tooltip')).toBeNull();
    await user.tab();
    const tooltip = await screen.findByRole('tooltip');
    expect(tooltip.textContent).toBe('Mute channel');
    expect(screen.getByRole('button', { name: 'Mute channel' }).getAttribute('aria-describedby')).toBe(tooltip.id);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('tooltip')).toBeNull();
  });
});
