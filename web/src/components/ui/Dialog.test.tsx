import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { Button } from './Button';
import { ConfirmDialog, useConfirm } from './ConfirmDialog';
import { Dialog } from './Dialog';
import { TextField } from './TextField';
import { installDomStubs } from './testing';

beforeAll(installDomStubs);

function Example({ onOpenChange }: { onOpenChange?: (open: boolean) => void }) {
  return (
    <Dialog
      trigger={<Button>Create channel</Button>}
      title="Create text channel"
      description="in General"
      onOpenChange={onOpenChange}
    >
      <TextField label="Channel name" />
    </Dialog>
  );
}

describe('Dialog', () => {
  it('opens from its trigger, named by its title and described, with focus inside', async () => {
    const user = userEvent.setup();
    render(<Example />);
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Create channel' }));
    const dialog = screen.getByRole('dialog', { name: 'Create text channel' });
    expect(document.getElementById(dialog.getAttribute('aria-describedby') ?? '')?.textContent).toBe('in General');
    // Focus moves to the first field, not the close button.
    expect(document.activeElement).toBe(screen.getByLabelText('Channel name'));
  });

  it('keeps focus inside while tabbing', async () => {
    const user = userEvent.setup();
    render(<Example />);
    await user.click(screen.getByRole('button', { name: 'Create channel' }));
    const dialog = screen.getByRole('dialog');
    for (let i = 0; i < 4; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
  });

  it('closes with Escape and gives focus back to the trigger', async () => {
    const user = userEvent.setup();
    const onOpenChange = vi.fn();
    render(<Example onOpenChange={onOpenChange} />);
    const trigger = screen.getByRole('button', { name: 'Create channel' });
    await user.click(trigger);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(onOpenChange).toHaveBeenLastCalledWith(false);
    await waitFor(() => expect(document.activeElement).toBe(trigger));
  });

  it('closes with its labelled close button', async () => {
    const user = userEvent.setup();
    render(<Example />);
    await user.click(screen.getByRole('button', { name: 'Create channel' }));
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('has no aria-describedby without a description and can rename the close button', () => {
    render(<Dialog open title="Settings" closeLabel="Fermer" />);
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    expect(dialog.hasAttribute('aria-describedby')).toBe(false);
    expect(screen.getByRole('button', { name: 'Fermer' })).toBeTruthy();
  });
});

function ConfirmHarness({ onAnswer }: { onAnswer: (answer: boolean) => void }) {
  const [confirm, confirmDialog] = useConfirm();
  return (
    <>
      <Button
        onClick={async () =>
          onAnswer(
            await confirm({
              title: 'Delete message',
              text: 'Are you sure you want to delete this message?',
              confirmLabel: 'Delete',
              danger: true,
            }),
          )
        }
      >
        Delete…
      </Button>
      {confirmDialog}
    </>
  );
}

describe('useConfirm', () => {
  it('resolves true on confirm', async () => {
    const user = userEvent.setup();
    const onAnswer = vi.fn();
    render(<ConfirmHarness onAnswer={onAnswer} />);
    await user.click(screen.getByRole('button', { name: 'Delete…' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete message' });
    expect(document.getElementById(dialog.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Are you sure you want to delete this message?',
    );
    const confirmButton = screen.getByRole('button', { name: 'Delete' });
    expect(confirmButton.dataset.variant).toBe('danger');
    await user.click(confirmButton);
    await waitFor(() => expect(onAnswer).toHaveBeenCalledWith(true));
    expect(onAnswer).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('resolves false on cancel, with Cancel focused first for a destructive action', async () => {
    const user = userEvent.setup();
    const onAnswer = vi.fn();
    render(<ConfirmHarness onAnswer={onAnswer} />);
    await user.click(screen.getByRole('button', { name: 'Delete…' }));
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    expect(document.activeElement).toBe(cancel);
    await user.click(cancel);
    await waitFor(() => expect(onAnswer).toHaveBeenCalledWith(false));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('resolves false on Escape', async () => {
    const user = userEvent.setup();
    const onAnswer = vi.fn();
    render(<ConfirmHarness onAnswer={onAnswer} />);
    await user.click(screen.getByRole('button', { name: 'Delete…' }));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(onAnswer).toHaveBeenCalledWith(false));
    expect(onAnswer).toHaveBeenCalledTimes(1);
  });
});

describe('ConfirmDialog', () => {
  function Controlled({ onConfirm }: { onConfirm: () => Promise<void> }) {
    const [open, setOpen] = useState(true);
    return (
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title="Leave zone"
        text="You won't be able to rejoin unless re-invited."
        confirmLabel="Leave"
        busyLabel="Leaving…"
        onConfirm={onConfirm}
      />
    );
  }

  it('shows the confirm button busy until onConfirm settles, then closes', async () => {
    const user = userEvent.setup();
    let finish: () => void = () => {};
    const onConfirm = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    render(<Controlled onConfirm={onConfirm} />);
    await user.click(screen.getByRole('button', { name: 'Leave' }));
    const busy = screen.getByRole('button', { name: 'Leaving…' });
    expect(busy.getAttribute('aria-busy')).toBe('true');
    expect(busy).toHaveProperty('disabled', true);
    await act(async () => finish());
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('stays open when onConfirm fails', async () => {
    const user = userEvent.setup();
    render(<Controlled onConfirm={() => Promise.reject(new Error('network'))} />);
    await user.click(screen.getByRole('button', { name: 'Leave' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Leave' }).hasAttribute('aria-busy')).toBe(false));
    expect(screen.getByRole('dialog', { name: 'Leave zone' })).toBeTruthy();
  });
});
