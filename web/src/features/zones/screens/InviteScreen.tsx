// /invite/:code, open signed in or out: the zone the invite leads to, and the way in from
// here (log in or register and come back, accept, or open a zone one is already in). Each
// way an invite can be dead is said in its own words.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Users } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Avatar, Button, cn, Spinner } from '@/components/ui';
import { queryKeys } from '@/features/live/queryKeys';
import { api } from '@/app/api';
import { paths } from '@/app/paths';
import { useMe } from '@/app/session';
import { zonesApi } from '../api';
import { firstTextChannel } from '../hooks/channels';
import { expiryText, inviteErrorText } from '../hooks/invites';
import type { InvitePreview } from '../types';

const linkButton =
  'inline-flex h-11 items-center justify-center rounded-sm px-6 text-base font-medium focus-visible:outline-2 focus-visible:outline-focus';

export default function InviteScreen() {
  const code = useParams().code ?? '';
  const { me, error: meError } = useMe();
  const preview = useQuery({
    queryKey: ['invite', code],
    queryFn: () => zonesApi(api).previewInvite(code),
    staleTime: 0,
  });

  let body: ReactNode;
  if (preview.isPending) {
    body = (
      <div role="status" className="flex justify-center py-8">
        <Spinner size="lg" />
        <span className="sr-only">Loading the invite…</span>
      </div>
    );
  } else if (preview.isError) {
    const { title, text } = inviteErrorText(preview.error);
    body = (
      <div role="alert" className="flex flex-col items-center gap-3">
        <h1 className="text-2xl font-bold text-heading">{title}</h1>
        <p className="text-muted">{text}</p>
        <Link to={me ? paths.friends : paths.home} className="text-link hover:underline focus-visible:outline-2 focus-visible:outline-focus">
          Go to OpenChat
        </Link>
      </div>
    );
  } else {
    body = (
      <>
        <InviteCard invite={preview.data} />
        <div className="mt-6 flex flex-col gap-3">
          {me === undefined && !meError ? (
            <div role="status" className="flex justify-center">
              <Spinner />
              <span className="sr-only">Checking your session…</span>
            </div>
          ) : me ? (
            me.email_verified ? (
              <JoinActions invite={preview.data} />
            ) : (
              <>
                <p className="text-muted">Verify your e-mail address before joining a zone.</p>
                <Link to={paths.verify} className={cn(linkButton, 'bg-accent text-on-accent hover:bg-accent-hover')}>
                  Verify your e-mail
                </Link>
              </>
            )
          ) : (
            <SignedOutActions code={code} />
          )}
        </div>
      </>
    );
  }

  return (
    <div className="flex min-h-dvh items-center justify-center bg-rail p-4 text-normal">
      <main className="w-full max-w-md rounded-md bg-chat p-6 text-center shadow-elevated sm:p-8">{body}</main>
    </div>
  );
}

function InviteCard({ invite }: { invite: InvitePreview }) {
  const { zone, inviter } = invite;
  return (
    <div className="flex flex-col items-center gap-3">
      <Avatar userId={zone.id} name={zone.name} src={zone.icon_url} alt="" size="xl" className="[&_*]:rounded-[24px]!" />
      <p className="text-muted">{inviter ? `${inviter.display_name} invited you to join` : 'You are invited to join'}</p>
      <h1 className="text-2xl font-bold break-words text-heading">{zone.name}</h1>
      <p className="flex items-center gap-1.5 text-sm text-muted">
        <Users aria-hidden className="size-4" />
        {zone.member_count === 1 ? '1 member' : `${zone.member_count} members`}
      </p>
      {invite.expires_at !== null && (
        <p className="text-xs text-faint">Invite expires: {expiryText(invite.expires_at).toLowerCase()}</p>
      )}
    </div>
  );
}

function SignedOutActions({ code }: { code: string }) {
  const next = `?next=${paths.invite(code)}`;
  return (
    <>
      <Link to={paths.login + next} className={cn(linkButton, 'bg-accent text-on-accent hover:bg-accent-hover')}>
        Log in to join
      </Link>
      <Link to={paths.register + next} className={cn(linkButton, 'bg-active text-normal hover:bg-hover')}>
        Create an account
      </Link>
    </>
  );
}

function JoinActions({ invite }: { invite: InvitePreview }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const zones = useQuery({ queryKey: queryKeys.zones, queryFn: () => zonesApi(api).listZones() });
  const join = useMutation({
    mutationFn: () => zonesApi(api).joinInvite(invite.code),
    onSuccess: async (zone) => {
      await qc.invalidateQueries({ queryKey: queryKeys.zones });
      const first = firstTextChannel(zone.channels);
      navigate(first ? paths.channel(zone.id, first.id) : paths.zone(zone.id));
    },
  });
  const member = zones.data?.some((z) => z.id === invite.zone.id) ?? false;

  if (member) {
    return (
      <>
        <p className="text-muted">You are already a member of this zone.</p>
        <Button size="lg" onClick={() => navigate(paths.zone(invite.zone.id))}>
          Open zone
        </Button>
      </>
    );
  }
  const refused = join.isError ? inviteErrorText(join.error) : null;
  return (
    <>
      {refused && (
        <div role="alert" className="rounded-sm bg-input p-3 text-sm">
          <p className="font-semibold text-danger-text">{refused.title}</p>
          <p className="text-muted">{refused.text}</p>
        </div>
      )}
      <Button size="lg" loading={join.isPending} loadingLabel="Joining…" disabled={zones.isPending} onClick={() => join.mutate()}>
        Accept invite
      </Button>
    </>
  );
}
