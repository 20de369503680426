import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installDomStubs } from '@/components/ui/testing';
import type { Attachment } from '@/lib/socket/protocol';
import { AttachmentList } from './AttachmentList';
import { knownSize } from './imageSize';

beforeAll(installDomStubs);

function att(id: string, file_name: string, content_type: string, size = 2048): Attachment {
  return { id, file_name, content_type, size, url: `/api/v1/attachments/${id}/${encodeURIComponent(file_name)}` };
}

const cat = att('1', 'cat.png', 'image/png');
const dog = att('2', 'dog.jpg', 'image/jpeg');
const clip = att('3', 'clip.mp4', 'video/mp4');
const song = att('4', 'song.mp3', 'audio/mpeg');
const report = att('5', 'report.pdf', 'application/pdf', 1536);

describe('AttachmentList', () => {
  it('shows images as lazy previews, video and audio with controls, other files as download cards', () => {
    const { container } = render(<AttachmentList attachments={[report, cat, clip, song]} />);

    const img = screen.getByRole('img', { name: 'cat.png' });
    expect(img.getAttribute('src')).toBe(cat.url);
    expect(img.getAttribute('loading')).toBe('lazy');
    // A box is reserved before the image loads.
    expect(img.getAttribute('width')).toBeTruthy();
    expect(img.getAttribute('height')).toBeTruthy();

    const video = container.querySelector('video');
    expect(video?.getAttribute('src')).toBe(clip.url);
    expect(video?.hasAttribute('controls')).toBe(true);
    const audio = container.querySelector('audio');
    expect(audio?.getAttribute('src')).toBe(song.url);
    expect(audio?.hasAttribute('controls')).toBe(true);

    const link = screen.getByRole('link', { name: 'Download report.pdf' });
    expect(link.getAttribute('href')).toBe(report.url);
    expect(link.hasAttribute('download')).toBe(true);
    expect(screen.getByText('1.5 KB')).toBeTruthy();
    // A PDF is not shown inline.
    expect(screen.queryByRole('img', { name: 'report.pdf' })).toBeNull();
  });

  it('remembers an image size once loaded and reserves it (at most 400x300)', () => {
    render(<AttachmentList attachments={[cat]} />);
    const img = screen.getByRole('img', { name: 'cat.png' });
    Object.defineProperty(img, 'naturalWidth', { value: 1600 });
    Object.defineProperty(img, 'naturalHeight', { value: 900 });
    fireEvent.load(img);
    expect(knownSize('1')).toEqual({ width: 1600, height: 900 });
    expect(img.getAttribute('width')).toBe('400');
    expect(img.getAttribute('height')).toBe('225');
  });

  it('falls back to a download card when an image cannot be shown', () => {
    render(<AttachmentList attachments={[dog]} />);
    fireEvent.error(screen.getByRole('img', { name: 'dog.jpg' }));
    expect(screen.queryByRole('img', { name: 'dog.jpg' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Download dog.jpg' })).toBeTruthy();
  });

  it('opens the lightbox on an image; arrows move between images, Escape closes', async () => {
    const user = userEvent.setup();
    render(<AttachmentList attachments={[cat, report, dog]} />);
    const preview = screen.getByRole('button', { name: 'cat.png' });
    await user.click(preview);

    let dialog = screen.getByRole('dialog', { name: 'cat.png' });
    expect(within(dialog).getByRole('img', { name: 'cat.png' }).getAttribute('src')).toBe(cat.url);
    expect(within(dialog).getByRole('link', { name: 'Open original' }).getAttribute('href')).toBe(cat.url);
    expect(within(dialog).getByText('1 of 2')).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Close' }));

    await user.keyboard('{ArrowRight}');
    dialog = screen.getByRole('dialog', { name: 'dog.jpg' });
    expect(within(dialog).getByText('2 of 2')).toBeTruthy();
    await user.keyboard('{ArrowRight}'); // the last one: stays
    expect(screen.getByRole('dialog', { name: 'dog.jpg' })).toBeTruthy();
    await user.keyboard('{ArrowLeft}');
    expect(screen.getByRole('dialog', { name: 'cat.png' })).toBeTruthy();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(preview));
  });

  it('closes the lightbox with its Close button', async () => {
    const user = userEvent.setup();
    render(<AttachmentList attachments={[cat]} />);
    await user.click(screen.getByRole('button', { name: 'cat.png' }));
    expect(screen.queryByRole('button', { name: 'Next image' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('renders nothing without attachments', () => {
    const { container } = render(<AttachmentList attachments={[]} />);
    expect(container.innerHTML).toBe('');
  });
});
