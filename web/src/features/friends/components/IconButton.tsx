// A round icon button with its name as aria-label and as a tooltip (touch users never see the
// tooltip, screen readers never need it). It forwards every prop and the ref to the <button>,
// so it can also be the trigger of a Menu.
import type { ComponentProps, ReactNode } from 'react';
import { cn, Tooltip } from '@/components/ui';

export interface IconButtonProps extends Omit<ComponentProps<'button'>, 'children'> {
  label: string;
  children: ReactNode;
  /** Red on hover, for destructive actions. */
  danger?: boolean;
  /** Green on hover, for accepting. */
  positive?: boolean;
}

export function IconButton({ label, children, danger, positive, className, type = 'button', ...rest }: IconButtonProps) {
  return (
    <Tooltip content={label}>
      <button
        type={type}
        aria-label={label}
        className={cn(
          'inline-flex size-9 shrink-0 cursor-pointer items-center justify-center rounded-full bg-sidebar text-muted',
          'transition-colors focus-visible:outline-2 focus-visible:outline-focus disabled:cursor-not-allowed disabled:opacity-50',
          danger ? 'hover:text-danger-text' : positive ? 'hover:text-online' : 'hover:text-heading',
          className,
        )}
        {...rest}
      >
        {children}
      </button>
    </Tooltip>
  );
}
