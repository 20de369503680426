import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { Toaster } from './Toaster';
import { DEFAULT_TOAST_DURATION, ERROR_TOAST_DURATION, MAX_TOASTS, toast, toastStore } from './toast';

beforeEach(() => {
  vi.useFakeTimers();
  toastStore.getState().clear();
});

afterEach(() => {
  vi.useRealTimers();
});

const advance = (ms: number) => act(() => vi.advanceTimersByTime(ms));

describe('Toaster', () => {
  it('keeps its live regions mounted, empty when idle', () => {
    render(<Toaster />);
    expect(screen.getByRole('status').textContent).toBe('');
    expect(screen.getByRole('alert').textContent).toBe('');
    expect(screen.getByRole('region', { name: 'Notifications' })).toBeTruthy();
  });

  it('announces info politely and errors as alerts', () => {
    render(<Toaster />);
    act(() => {
      toast('Copied to clipboard');
      toast.success('Profile saved');
      toast.error('Could not send message');
    });
    const status = screen.getByRole('status');
    const alert = screen.getByRole('alert');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(within(status).getByText('Copied to clipboard')).toBeTruthy();
    expect(within(status).getByText('Profile saved')).toBeTruthy();
    expect(within(alert).getByText('Could not send message')).toBeTruthy();
    expect(within(status).queryByText('Could not send message')).toBeNull();
  });

  it('shows an optional title', () => {
    render(<Toaster />);
    act(() => void toast.warning('Reconnecting…', { title: 'Connection lost' }));
    expect(within(screen.getByRole('status')).getByText('Connection lost')).toBeTruthy();
  });

  it('dismisses itself after its duration', () => {
    render(<Toaster />);
    act(() => {
      toast.info('Saved');
      toast.error('Failed');
    });
    advance(DEFAULT_TOAST_DURATION - 1);
    expect(screen.queryByText('Saved')).not.toBeNull();
    advance(1);
    expect(screen.queryByText('Saved')).toBeNull();
    expect(screen.queryByText('Failed')).not.toBeNull();
    advance(ERROR_TOAST_DURATION - DEFAULT_TOAST_DURATION);
    expect(screen.queryByText('Failed')).toBeNull();
  });

  it('pauses while hovered and resumes with the time left', () => {
    render(<Toaster />);
    act(() => void toast('Hover me'));
    advance(3000);
    const item = screen.getByText('Hover me').closest('[data-kind]') as HTMLElement;
    fireEvent.mouseEnter(item);
    advance(60_000);
    expect(screen.queryByText('Hover me')).not.toBeNull();
    fireEvent.mouseLeave(item);
    advance(DEFAULT_TOAST_DURATION - 3000 - 1);
    expect(screen.queryByText('Hover me')).not.toBeNull();
    advance(1);
    expect(screen.queryByText('Hover me')).toBeNull();
  });

  it('pauses while focus is inside', () => {
    render(<Toaster />);
    act(() => void toast.error('Upload failed'));
    const dismiss = screen.getByRole('button', { name: 'Dismiss notification' });
    act(() => dismiss.focus());
    advance(ERROR_TOAST_DURATION * 3);
    expect(screen.queryByText('Upload failed')).not.toBeNull();
    act(() => dismiss.blur());
    advance(ERROR_TOAST_DURATION);
    expect(screen.queryByText('Upload failed')).toBeNull();
  });

  it('closes with its labelled dismiss button', () => {
    render(<Toaster />);
    act(() => void toast('Bye'));
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss notification' }));
    expect(screen.queryByText('Bye')).toBeNull();
  });

  it('keeps duration 0 toasts until dismissed by id', () => {
    render(<Toaster />);
    let id = '';
    act(() => void (id = toast.info('Sticky', { duration: 0 })));
    advance(60_000);
    expect(screen.queryByText('Sticky')).not.toBeNull();
    act(() => toast.dismiss(id));
    expect(screen.queryByText('Sticky')).toBeNull();
  });

  it('replaces a toast given the same id and caps the stack', () => {
    render(<Toaster />);
    act(() => {
      toast.info('Connecting…', { id: 'conn' });
      toast.info('Connected', { id: 'conn' });
    });
    expect(screen.queryByText('Connecting…')).toBeNull();
    expect(screen.getAllByText('Connected')).toHaveLength(1);

    act(() => {
      for (let i = 0; i < MAX_TOASTS + 3; i++) toast(`n${i}`);
    });
    expect(toastStore.getState().toasts).toHaveLength(MAX_TOASTS);
    expect(screen.queryByText('n0')).toBeNull();
    expect(screen.getByText(`n${MAX_TOASTS + 2}`)).toBeTruthy();
  });
});
