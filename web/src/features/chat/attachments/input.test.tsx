import { act, fireEvent, render, screen } from '@testing-library/react';
import { DropOverlay } from './DropOverlay';
import { filesFromPaste } from './paste';
import { useFileDrop } from './useFileDrop';

function clipboard(files: File[]) {
  return {
    clipboardData: {
      items: files.map((f) => ({ kind: 'file', getAsFile: () => f })),
      files,
    },
  } as unknown as ClipboardEvent;
}

describe('filesFromPaste', () => {
  it('returns pasted files, naming screenshots distinctly', () => {
    const shot = new File(['x'], 'image.png', { type: 'image/png' });
    const photo = new File(['y'], 'holiday.jpg', { type: 'image/jpeg' });
    const now = new Date('2025-06-03T14:05:09Z');
    const files = filesFromPaste(clipboard([shot, photo]), now);
    expect(files.map((f) => f.name)).toEqual(['pasted-2025-06-03T14-05-09.png', 'holiday.jpg']);
    expect(files[0]!.type).toBe('image/png');
    expect(files[1]).toBe(photo);
  });

  it('returns nothing for pasted text', () => {
    const text = { clipboardData: { items: [{ kind: 'string', getAsFile: () => null }], files: [] } } as unknown as ClipboardEvent;
    expect(filesFromPaste(text)).toEqual([]);
  });
});

function DropZone({ onFiles }: { onFiles: (files: File[]) => void }) {
  const drop = useFileDrop(onFiles);
  return (
    <div data-testid="zone" {...drop.dropProps} style={{ position: 'relative' }}>
      <p data-testid="child">messages</p>
      <DropOverlay visible={drop.dragging} />
    </div>
  );
}

function transfer(files: File[], types = ['Files']) {
  return { dataTransfer: { types, files, dropEffect: 'none' } };
}

describe('useFileDrop', () => {
  it('shows the overlay while files are dragged over, and hands the dropped files over', () => {
    const onFiles = vi.fn();
    render(<DropZone onFiles={onFiles} />);
    const zone = screen.getByTestId('zone');
    const f = new File(['a'], 'a.txt', { type: 'text/plain' });

    fireEvent.dragEnter(zone, transfer([f]));
    expect(screen.getByText('Drop files to upload')).toBeTruthy();
    // Crossing into a child and back out of it keeps the overlay.
    fireEvent.dragEnter(screen.getByTestId('child'), transfer([f]));
    fireEvent.dragLeave(screen.getByTestId('child'), transfer([f]));
    expect(screen.getByText('Drop files to upload')).toBeTruthy();

    fireEvent.drop(zone, transfer([f]));
    expect(onFiles).toHaveBeenCalledWith([f]);
    expect(screen.queryByText('Drop files to upload')).toBeNull();
  });

  it('ignores drags without files and hides the overlay when the drag leaves or ends', () => {
    const onFiles = vi.fn();
    render(<DropZone onFiles={onFiles} />);
    const zone = screen.getByTestId('zone');
    fireEvent.dragEnter(zone, transfer([], ['text/plain']));
    expect(screen.queryByText('Drop files to upload')).toBeNull();

    fireEvent.dragEnter(zone, transfer([]));
    fireEvent.dragLeave(zone, transfer([]));
    expect(screen.queryByText('Drop files to upload')).toBeNull();

    fireEvent.dragEnter(zone, transfer([]));
    act(() => void window.dispatchEvent(new Event('dragend')));
    expect(screen.queryByText('Drop files to upload')).toBeNull();
    expect(onFiles).not.toHaveBeenCalled();
  });
});
