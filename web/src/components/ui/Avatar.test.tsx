import { fireEvent, render, screen } from '@testing-library/react';
import { AVATAR_COLOURS, Avatar, avatarColour, initialsOf } from './Avatar';
import { Badge } from './Badge';
import { StatusDot } from './StatusDot';

describe('initialsOf', () => {
  it.each([
    ['Ada Lovelace', 'AL'],
    ['ada', 'A'],
    ['grace brewster hopper', 'GB'],
    ['  linus_torvalds ', 'LT'],
    ['émile zola', 'ÉZ'],
    ['😀 party', '😀P'],
    ['', '?'],
  ])('%j → %j', (name, expected) => {
    expect(initialsOf(name)).toBe(expected);
  });
});

describe('avatarColour', () => {
  it('is stable for an id and picks from the palette', () => {
    const id = '018f3a2c-7d4e-7b1a-9c3d-2e5f6a7b8c9d';
    expect(avatarColour(id)).toBe(avatarColour(id));
    expect(AVATAR_COLOURS).toContain(avatarColour(id));
  });

  it('spreads different ids over several colours', () => {
    const colours = new Set(Array.from({ length: 50 }, (_, i) => avatarColour(`user-${i}`)));
    expect(colours.size).toBeGreaterThan(3);
  });
});

describe('Avatar', () => {
  it('shows the image with the name as alt', () => {
    render(<Avatar userId="u1" name="Ada Lovelace" src="/avatars/u1.png" />);
    const img = screen.getByRole('img', { name: 'Ada Lovelace' });
    expect(img.tagName).toBe('IMG');
    expect(img.getAttribute('src')).toBe('/avatars/u1.png');
  });

  it('falls back to initials on the id colour, named for screen readers', () => {
    render(<Avatar userId="u1" name="Ada Lovelace" />);
    const fallback = screen.getByRole('img', { name: 'Ada Lovelace' });
    expect(fallback.textContent).toBe('AL');
    const colour = fallback.style.backgroundColor;
    expect(colour).not.toBe('');
    // Renaming keeps the colour: it follows the id.
    render(<Avatar userId="u1" name="Countess" />);
    expect(screen.getByRole('img', { name: 'Countess' }).style.backgroundColor).toBe(colour);
  });

  it('falls back to initials when the image fails', () => {
    render(<Avatar userId="u2" name="Grace Hopper" src="/broken.png" />);
    fireEvent.error(screen.getByRole('img', { name: 'Grace Hopper' }));
    const fallback = screen.getByRole('img', { name: 'Grace Hopper' });
    expect(fallback.tagName).toBe('SPAN');
    expect(fallback.textContent).toBe('GH');
  });

  it('is decorative with alt=""', () => {
    const { container } = render(<Avatar userId="u3" name="Linus" alt="" />);
    expect(screen.queryByRole('img')).toBeNull();
    expect(container.textContent).toBe('L');
  });

  it('overlays a labelled status dot', () => {
    render(<Avatar userId="u1" name="Ada" status="dnd" />);
    expect(screen.getByRole('img', { name: 'Do not disturb' })).toBeTruthy();
  });

  it('sizes itself', () => {
    const { container } = render(<Avatar userId="u1" name="Ada" size="lg" />);
    expect((container.firstElementChild as HTMLElement).style.width).toBe('56px');
  });
});

describe('StatusDot', () => {
  it.each([
    ['online', 'Online'],
    ['idle', 'Idle'],
    ['dnd', 'Do not disturb'],
    ['invisible', 'Invisible'],
    ['offline', 'Offline'],
  ] as const)('%s is labelled %j', (status, label) => {
    render(<StatusDot status={status} />);
    const dot = screen.getByRole('img', { name: label });
    expect(dot.dataset.status).toBe(status);
  });

  it('takes translated labels, falling back to English', () => {
    render(
      <>
        <StatusDot status="online" labels={{ online: 'En ligne' }} />
        <StatusDot status="idle" labels={{ online: 'En ligne' }} />
      </>,
    );
    expect(screen.getByRole('img', { name: 'En ligne' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Idle' })).toBeTruthy();
  });
});

describe('Badge', () => {
  it('shows the count and says it in words', () => {
    render(<Badge count={5} />);
    const badge = screen.getByRole('img', { name: '5 unread messages' });
    expect(badge.textContent).toBe('5');
  });

  it('caps the text at 99+ but keeps the exact count in the label', () => {
    render(<Badge count={250} variant="mention" />);
    const badge = screen.getByRole('img', { name: '250 mentions' });
    expect(badge.textContent).toBe('99+');
  });

  it('shows 99 as is', () => {
    render(<Badge count={99} />);
    expect(screen.getByRole('img').textContent).toBe('99');
  });

  it('uses singular words for one', () => {
    render(
      <>
        <Badge count={1} />
        <Badge count={1} variant="mention" />
      </>,
    );
    expect(screen.getByRole('img', { name: '1 unread message' })).toBeTruthy();
    expect(screen.getByRole('img', { name: '1 mention' })).toBeTruthy();
  });

  it('renders nothing for zero', () => {
    const { container } = render(<Badge count={0} />);
    expect(container.innerHTML).toBe('');
  });

  it('takes a custom label', () => {
    render(<Badge count={3} label={(n) => `${n} non lus`} />);
    expect(screen.getByRole('img', { name: '3 non lus' })).toBeTruthy();
  });
});
