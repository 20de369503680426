// "Sessions": every device signed in to the account, with where and when it was last used,
// and the ways to sign them out (one, all others, or everywhere including here).
import { Monitor, Smartphone } from 'lucide-react';
import { useId } from 'react';
import { Button, Spinner, useConfirm } from '@/components/ui';
import { useAsyncAction } from '@/features/friends/hooks/useAsyncAction';
import { errorMessage } from '@/lib/api/client';
import type { SessionInfo } from '../api';
import { useSignOutAndLeave } from '../hooks/useLeaveSettings';
import { useSessions } from '../hooks/useSessions';
import { describeUserAgent } from '../userAgent';
import { SettingsBlock, SettingsHeading } from './SettingsLayout';

const when = (ms: number) =>
  new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function SessionRow({ session, onRevoke }: { session: SessionInfo; onRevoke?: () => Promise<unknown> }) {
  const device = describeUserAgent(session.user_agent);
  const nameId = useId();
  const revoke = useAsyncAction(async () => onRevoke?.());
  const Icon = device.mobile ? Smartphone : Monitor;
  return (
    <li aria-labelledby={nameId} className="flex flex-wrap items-center gap-3 rounded-md bg-chat p-3">
      <Icon className="size-8 shrink-0 text-muted" aria-hidden />
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2">
          <span id={nameId} className="font-semibold text-heading">
            {device.name}
          </span>
          {session.current && (
            <span className="rounded-sm bg-success px-1.5 py-0.5 text-xs font-bold text-white uppercase">This device</span>
          )}
        </p>
        <p className="text-sm text-muted">
          {session.ip ? `${session.ip} · ` : ''}Signed in {when(session.created_at)}
        </p>
        <p className="text-sm text-muted">Last used {when(session.last_used_at)}</p>
      </div>
      {onRevoke && (
        <Button variant="secondary" size="sm" aria-describedby={nameId} loading={revoke.busy} onClick={() => void revoke.run()}>
          Log out
        </Button>
      )}
    </li>
  );
}

export function SessionsSection() {
  const { query, sessions, revoke, revokeOthers } = useSessions();
  const signOutAndLeave = useSignOutAndLeave();
  const [confirm, confirmDialog] = useConfirm();
  const others = useAsyncAction(revokeOthers);
  const current = sessions.filter((s) => s.current);
  const rest = sessions.filter((s) => !s.current);

  const everywhere = async () => {
    const yes = await confirm({
      title: 'Log out everywhere?',
      text: 'Every device signed in to your account is signed out, this one included.',
      confirmLabel: 'Log out everywhere',
      danger: true,
    });
    if (yes) await signOutAndLeave(true);
  };

  return (
    <div className="flex flex-col gap-8">
      <SettingsHeading>Sessions</SettingsHeading>
      <p className="-mt-4 text-sm text-muted">
        The devices and browsers signed in to your account. Log out the ones you do not recognise, and change your
        password if you think someone else has it.
      </p>
      {query.isPending ? (
        <Spinner label="Loading sessions…" />
      ) : query.isError ? (
        <div role="alert" className="flex flex-col items-start gap-2 text-sm">
          <p className="text-danger-text">{errorMessage(query.error)}</p>
          <Button variant="secondary" size="sm" onClick={() => void query.refetch()}>
            Try again
          </Button>
        </div>
      ) : (
        <>
          <SettingsBlock title="This device">
            <ul className="flex flex-col gap-2">
              {current.map((s) => (
                <SessionRow key={s.id} session={s} />
              ))}
            </ul>
          </SettingsBlock>
          <SettingsBlock
            title="Other sessions"
            description={rest.length === 0 ? 'You are not signed in anywhere else.' : undefined}
          >
            {rest.length > 0 && (
              <ul className="flex flex-col gap-2">
                {rest.map((s) => (
                  <SessionRow key={s.id} session={s} onRevoke={() => revoke(s.id)} />
                ))}
              </ul>
            )}
            <div>
              <Button
                variant="secondary"
                disabled={rest.length === 0}
                loading={others.busy}
                onClick={() => void others.run()}
              >
                Log out all other sessions
              </Button>
            </div>
          </SettingsBlock>
        </>
      )}
      <SettingsBlock danger title="Log out everywhere" description="Sign out every device, this one included.">
        <div>
          <Button variant="danger" onClick={() => void everywhere()}>
            Log out everywhere
          </Button>
        </div>
      </SettingsBlock>
      {confirmDialog}
    </div>
  );
}
