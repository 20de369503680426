// One person in the friends screen's lists: avatar (with a status dot for friends), name, a
// line under it, and the row's actions on the right, as in Discord's friend list.
import type { ReactNode } from 'react';
import { Avatar } from '@/components/ui';
import type { PresenceStatus } from '@/lib/socket/protocol';
import type { PublicUser } from '../types';

export interface UserRowProps {
  user: PublicUser;
  status?: PresenceStatus;
  /** The line under the name (a status, "Incoming friend request"). */
  detail?: ReactNode;
  actions?: ReactNode;
}

export function UserRow({ user, status, detail, actions }: UserRowProps) {
  return (
    <li
      aria-label={user.display_name}
      className="group -mx-2 flex min-h-[62px] items-center gap-3 rounded-md border-t border-border px-2 py-2 first:border-transparent hover:border-transparent hover:bg-hover [&:hover+li]:border-transparent"
      style={{ ['--avatar-ring' as string]: 'var(--color-chat)' }}
    >
      <Avatar userId={user.id} name={user.display_name} src={user.avatar_url} alt="" size="sm" status={status} />
      <div className="min-w-0 flex-1">
        <p className="flex min-w-0 items-baseline gap-1.5">
          <span className="truncate font-semibold text-heading">{user.display_name}</span>
          <span className="hidden truncate text-sm text-muted sm:inline sm:opacity-0 sm:group-hover:opacity-100 sm:group-focus-within:opacity-100">
            {user.username}
          </span>
        </p>
        {detail && <p className="truncate text-xs text-muted">{detail}</p>}
      </div>
      {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
    </li>
  );
}

/** A few grey rows while a list loads. */
export function RowsSkeleton({ label, rows = 4 }: { label: string; rows?: number }) {
  return (
    <div role="status" aria-label={label}>
      <ul aria-hidden className="flex flex-col">
        {Array.from({ length: rows }, (_, i) => (
          <li key={i} className="flex h-[62px] items-center gap-3">
            <span className="size-8 animate-pulse rounded-full bg-active" />
            <span className="h-3 animate-pulse rounded-full bg-active" style={{ width: `${30 + ((i * 17) % 40)}%` }} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A list that failed to load: the server's words and a way to try again. */
export function LoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div role="alert" className="flex flex-col items-start gap-2 rounded-md bg-sidebar p-4 text-sm">
      <p className="text-danger-text">{message}</p>
      <button
        type="button"
        onClick={onRetry}
        className="cursor-pointer font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-focus"
      >
        Try again
      </button>
    </div>
  );
}

/** What an empty list means and what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-3 px-4 py-12 text-center">
      <p className="font-semibold text-heading">{title}</p>
      {children && <div className="max-w-sm text-sm text-muted">{children}</div>}
    </div>
  );
}

/** "ONLINE — 3" above a list. */
export function ListHeading({ children }: { children: ReactNode }) {
  return <h2 className="mt-4 mb-2 text-xs font-semibold uppercase tracking-wide text-muted">{children}</h2>;
}
