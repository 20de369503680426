import type { ComponentProps } from 'react';
import { cn } from './cn';

export type BadgeVariant = 'unread' | 'mention';

export interface BadgeProps extends Omit<ComponentProps<'span'>, 'children'> {
  count: number;
  variant?: BadgeVariant;
  /** Overrides the accessible words (for translation). */
  label?: (count: number, variant: BadgeVariant) => string;
}

export const MAX_BADGE_COUNT = 99;

export function badgeText(count: number): string {
  return count > MAX_BADGE_COUNT ? `${MAX_BADGE_COUNT}+` : String(count);
}

export function defaultBadgeLabel(count: number, variant: BadgeVariant): string {
  if (variant === 'mention') return count === 1 ? '1 mention' : `${count} mentions`;
  return count === 1 ? '1 unread message' : `${count} unread messages`;
}

/** A count pill. Nothing is rendered for zero; the exact count stays available to screen readers past 99. */
export function Badge({ count, variant = 'unread', label = defaultBadgeLabel, className, ...rest }: BadgeProps) {
  if (!Number.isFinite(count) || count <= 0) return null;
  const n = Math.floor(count);
  return (
    <span
      role="img"
      aria-label={label(n, variant)}
      data-variant={variant}
      className={cn(
        'inline-flex h-4 min-w-4 items-center justify-center rounded-full px-1 text-xs font-bold leading-none tabular-nums',
        variant === 'mention' ? 'bg-danger text-white' : 'bg-active text-normal',
        className,
      )}
      {...rest}
    >
      {badgeText(n)}
    </span>
  );
}
