import type { ComponentProps } from 'react';
import { cn } from './cn';

export type SpinnerSize = 'sm' | 'md' | 'lg';

const SIZE: Record<SpinnerSize, string> = { sm: 'size-4', md: 'size-6', lg: 'size-10' };

export interface SpinnerProps extends Omit<ComponentProps<'span'>, 'children'> {
  size?: SpinnerSize;
  /** Words for screen readers; without one the spinner is decorative (its context says what is loading). */
  label?: string;
}

export function Spinner({ size = 'md', label, className, ...rest }: SpinnerProps) {
  const ring = (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      fill="none"
      className={cn('animate-spin', SIZE[size])}
    >
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
  if (!label) {
    return (
      <span aria-hidden="true" className={cn('inline-flex shrink-0', className)} {...rest}>
        {ring}
      </span>
    );
  }
  return (
    <span role="status" className={cn('inline-flex shrink-0', className)} {...rest}>
      {ring}
      <span className="sr-only">{label}</span>
    </span>
  );
}
