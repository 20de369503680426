// The rows of a message list that are not messages: day separators, the "New messages"
// divider, the welcome at the beginning of a conversation, and placeholders while loading.
import { Hash } from 'lucide-react';
import { Avatar, Button, Spinner } from '@/components/ui';
import { nameOf, type Person } from '../hooks/useDirectory';

export function DayDivider({ label }: { label: string }) {
  return (
    <div role="separator" aria-label={label} className="mx-4 mb-1 mt-5 flex items-center gap-2">
      <span aria-hidden="true" className="h-px flex-1 bg-border" />
      <span aria-hidden="true" className="text-xs font-semibold text-faint">
        {label}
      </span>
      <span aria-hidden="true" className="h-px flex-1 bg-border" />
    </div>
  );
}

export function UnreadDivider() {
  return (
    <div role="separator" aria-label="New messages" className="relative mx-4 mb-1 mt-3 flex items-center">
      <span aria-hidden="true" className="h-px flex-1 bg-danger" />
      <span
        aria-hidden="true"
        className="rounded-r-sm bg-danger px-1 text-[0.625rem] font-bold uppercase leading-[13px] text-white"
      >
        New messages
      </span>
    </div>
  );
}

export function ConversationStart({ kind, title, peer }: { kind: 'dm' | 'channel'; title: string; peer?: Person | undefined }) {
  if (kind === 'dm') {
    const name = peer ? nameOf(peer) : title;
    return (
      <div className="mx-4 mb-2 mt-4 flex flex-col items-start gap-2 pt-4">
        {peer && <Avatar userId={peer.id} name={name} src={peer.avatar_url} size="xl" alt="" />}
        <h2 className="text-3xl font-bold text-heading">{name}</h2>
        {peer && <p className="text-lg text-heading">{peer.username}</p>}
        <p className="text-muted">
          This is the beginning of your direct message history with <strong className="font-semibold">{name}</strong>.
        </p>
      </div>
    );
  }
  return (
    <div className="mx-4 mb-2 mt-4 flex flex-col items-start gap-2 pt-4">
      <span aria-hidden="true" className="flex size-[68px] items-center justify-center rounded-full bg-active">
        <Hash className="size-10 text-heading" />
      </span>
      <h2 className="text-3xl font-bold text-heading">Welcome to #{title}</h2>
      <p className="text-muted">This is the start of the #{title} channel.</p>
    </div>
  );
}

export function LoadingOlder() {
  return (
    <div className="flex h-16 items-center justify-center text-faint" role="status">
      <Spinner size="md" />
      <span className="sr-only">Loading older messages…</span>
    </div>
  );
}

export function LoadError({ text, onRetry }: { text: string; onRetry(): void }) {
  return (
    <div role="alert" className="mx-4 my-3 flex flex-wrap items-center gap-3 rounded-md bg-danger/10 px-3 py-2 text-sm">
      <span className="text-danger-text">{text}</span>
      <Button size="sm" variant="secondary" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}

const SKELETON = [
  [0.45, 2],
  [0.3, 1],
  [0.6, 3],
  [0.25, 1],
  [0.5, 2],
] as const;

/** Grey shapes where the first page will appear, so the screen does not flash empty. */
export function MessagesSkeleton() {
  return (
    <div className="flex flex-1 flex-col justify-end gap-5 overflow-hidden pb-6" role="status">
      <span className="sr-only">Loading messages…</span>
      {SKELETON.map(([width, lines], i) => (
        <div key={i} aria-hidden="true" className="flex gap-4 px-4 opacity-60">
          <span className="size-10 shrink-0 animate-pulse rounded-full bg-active" />
          <div className="flex flex-1 flex-col gap-2 pt-1">
            <span className="h-3.5 w-28 animate-pulse rounded-sm bg-active" />
            {Array.from({ length: lines }, (_, j) => (
              <span key={j} className="h-3.5 animate-pulse rounded-sm bg-hover" style={{ width: `${(width + j * 0.12) * 100}%` }} />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
