import { useId, type ComponentProps } from 'react';
import { cn } from './cn';

/** Same values as the server's presence status. */
export type Status = 'online' | 'idle' | 'dnd' | 'invisible' | 'offline';

export const DEFAULT_STATUS_LABELS: Record<Status, string> = {
  online: 'Online',
  idle: 'Idle',
  dnd: 'Do not disturb',
  invisible: 'Invisible',
  offline: 'Offline',
};

const COLOUR: Record<Status, string> = {
  online: 'text-online',
  idle: 'text-idle',
  dnd: 'text-dnd',
  invisible: 'text-offline',
  offline: 'text-offline',
};

export interface StatusDotProps extends Omit<ComponentProps<'span'>, 'children'> {
  status: Status;
  /** Translated words; missing entries fall back to English. */
  labels?: Partial<Record<Status, string>>;
  /** Diameter in pixels. */
  size?: number;
}

/**
 * A presence dot. Each status has its own shape as well as colour (moon, bar, ring),
 * so it reads without colour vision.
 */
export function StatusDot({ status, labels, size = 10, className, style, ...rest }: StatusDotProps) {
  // useId output holds characters that url(#…) references would need escaped.
  const maskId = `status-mask-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const label = labels?.[status] ?? DEFAULT_STATUS_LABELS[status];
  return (
    <span
      role="img"
      aria-label={label}
      title={label}
      data-status={status}
      className={cn('inline-flex shrink-0', COLOUR[status], className)}
      style={{ width: size, height: size, ...style }}
      {...rest}
    >
      <svg aria-hidden="true" viewBox="0 0 10 10" width="100%" height="100%">
        <mask id={maskId}>
          <rect width="10" height="10" fill="white" />
          {status === 'idle' && <circle cx="2.5" cy="2.5" r="3.75" fill="black" />}
          {status === 'dnd' && <rect x="2" y="4" width="6" height="2" rx="1" fill="black" />}
          {(status === 'offline' || status === 'invisible') && <circle cx="5" cy="5" r="2.5" fill="black" />}
        </mask>
        <circle cx="5" cy="5" r="5" fill="currentColor" mask={`url(#${maskId})`} />
      </svg>
    </span>
  );
}
