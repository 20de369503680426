import type { ComponentProps } from 'react';
import { cn } from './cn';
import { Spinner } from './Spinner';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost' | 'link';
export type ButtonSize = 'sm' | 'md' | 'lg' | 'icon';

const VARIANT: Record<ButtonVariant, string> = {
  primary: 'bg-accent text-on-accent hover:bg-accent-hover',
  secondary: 'bg-active text-normal hover:bg-hover',
  danger: 'bg-danger text-white hover:bg-danger-hover',
  ghost: 'bg-transparent text-muted hover:bg-hover hover:text-normal',
  link: 'bg-transparent text-link underline-offset-2 hover:underline px-0! h-auto!',
};

const SIZE: Record<ButtonSize, string> = {
  sm: 'h-8 px-3 text-sm',
  md: 'h-10 px-4 text-sm',
  lg: 'h-11 px-6 text-base',
  icon: 'size-8 p-0',
};

export interface ButtonProps extends ComponentProps<'button'> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Shows a spinner, blocks clicks and marks the button busy for assistive tech. */
  loading?: boolean;
  /** Accessible name while loading (e.g. "Signing in…"); the visible label stays otherwise. */
  loadingLabel?: string;
}

export function Button({
  variant = 'primary',
  size = 'md',
  loading = false,
  loadingLabel,
  disabled,
  type = 'button',
  className,
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      data-variant={variant}
      className={cn(
        'relative inline-flex select-none items-center justify-center gap-2 rounded-sm font-medium',
        'transition-colors duration-150 cursor-pointer',
        'disabled:cursor-not-allowed disabled:opacity-50',
        VARIANT[variant],
        SIZE[size],
        className,
      )}
      {...rest}
    >
      {loading && (
        <span className="absolute inset-0 flex items-center justify-center">
          <Spinner size="sm" />
        </span>
      )}
      {/* Faded rather than hidden while loading: keeps the width and the accessible name. */}
      <span
        className={cn('inline-flex items-center gap-2', loading && 'opacity-0')}
        aria-hidden={loading && loadingLabel ? true : undefined}
      >
        {children}
      </span>
      {loading && loadingLabel && <span className="sr-only">{loadingLabel}</span>}
    </button>
  );
}
