import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef } from 'react';
import { TextArea } from './TextArea';
import { TextField } from './TextField';

describe('TextField', () => {
  it('links the label to the input', () => {
    render(<TextField label="Username" />);
    const input = screen.getByLabelText('Username');
    expect(input.tagName).toBe('INPUT');
    const label = screen.getByText('Username');
    expect(label.getAttribute('for')).toBe(input.id);
    expect(input.id).not.toBe('');
  });

  it('gives each field its own id', () => {
    render(
      <>
        <TextField label="One" />
        <TextField label="Two" />
      </>,
    );
    expect(screen.getByLabelText('One').id).not.toBe(screen.getByLabelText('Two').id);
  });

  it('keeps a given id', () => {
    render(<TextField label="Email" id="login-email" />);
    expect(screen.getByLabelText('Email').id).toBe('login-email');
  });

  it('describes the input by its hint, and is valid without an error', () => {
    render(<TextField label="Username" hint="3 to 32 characters" />);
    const input = screen.getByRole('textbox', { name: 'Username' });
    expect(input.hasAttribute('aria-invalid')).toBe(false);
    const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
    expect(ids).toHaveLength(1);
    expect(document.getElementById(ids[0] ?? '')?.textContent).toBe('3 to 32 characters');
  });

  it('marks errors with aria-invalid and links the message', () => {
    render(<TextField label="Username" hint="3 to 32 characters" error="That name is taken" aria-describedby="extra" />);
    const input = screen.getByRole('textbox', { name: 'Username' });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const texts = (input.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => (id === 'extra' ? 'extra' : document.getElementById(id)?.textContent));
    expect(texts).toEqual(['extra', '3 to 32 characters', 'That name is taken']);
  });

  it('forwards its ref to the input and passes props through', async () => {
    const ref = createRef<HTMLInputElement>();
    const onChange = vi.fn();
    render(<TextField label="Name" ref={ref} onChange={onChange} placeholder="Your name" />);
    expect(ref.current).toBe(screen.getByPlaceholderText('Your name'));
    await userEvent.setup().type(ref.current as HTMLInputElement, 'ada');
    expect(onChange).toHaveBeenCalledTimes(3);
  });

  it('shows and hides a password with a labelled toggle', async () => {
    const user = userEvent.setup();
    render(<TextField label="Password" type="password" />);
    const input = screen.getByLabelText('Password');
    expect(input.getAttribute('type')).toBe('password');

    const show = screen.getByRole('button', { name: 'Show password' });
    expect(show.getAttribute('type')).toBe('button');
    expect(show.getAttribute('aria-controls')).toBe(input.id);
    await user.click(show);
    expect(input.getAttribute('type')).toBe('text');

    await user.click(screen.getByRole('button', { name: 'Hide password' }));
    expect(input.getAttribute('type')).toBe('password');
  });

  it('has no toggle for other types', () => {
    render(<TextField label="Email" type="email" />);
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('TextArea', () => {
  it('has the same label and error linking', () => {
    render(<TextArea label="About me" error="Too long" />);
    const area = screen.getByRole('textbox', { name: 'About me' });
    expect(area.tagName).toBe('TEXTAREA');
    expect(area.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(area.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Too long');
  });

  it('grows with its content up to maxRows, then scrolls', async () => {
    const ref = createRef<HTMLTextAreaElement>();
    render(<TextArea label="Message" ref={ref} maxRows={4} style={{ fontSize: '16px', lineHeight: '20px', padding: '4px', border: '1px solid' }} />);
    const area = ref.current as HTMLTextAreaElement;
    let contentHeight = 40;
    Object.defineProperty(area, 'scrollHeight', { configurable: true, get: () => contentHeight });

    // scrollHeight counts padding, not borders; the cap is 4 rows plus padding and borders.
    await userEvent.setup().type(area, 'a');
    expect(area.style.height).toBe('42px');
    expect(area.style.overflowY).toBe('hidden');

    contentHeight = 500;
    await userEvent.setup().type(area, 'b');
    expect(area.style.height).toBe('90px');
    expect(area.style.overflowY).toBe('auto');
  });
});
