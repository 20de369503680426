// "Invite people": makes a link as soon as it opens (the server's defaults: 7 days, no use
// limit), shows it ready to copy, and makes a new one with other limits on request.
import { useEffect, useId, useRef, useState } from 'react';
import { Button, Dialog, TextField, toast } from '@/components/ui';
import { ApiError, errorMessage } from '@/lib/api/client';
import { paths } from '@/app/paths';
import {
  DEFAULT_EXPIRY,
  DEFAULT_MAX_USES,
  EXPIRY_OPTIONS,
  expiryText,
  inviteBody,
  MAX_USES_OPTIONS,
} from '../hooks/invites';
import { useCreateInvite } from '../hooks/mutations';
import type { Invite } from '../types';
import { SelectField } from './SelectField';

export interface InviteDialogProps {
  zoneId: string;
  zoneName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

export function InviteDialog({ zoneId, zoneName, open, onOpenChange }: InviteDialogProps) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Invite people"
      description={`Anyone with the link can join ${zoneName}.`}
      size="md"
    >
      {open && <InviteBody zoneId={zoneId} />}
    </Dialog>
  );
}

/** The link this client opens invites at (the page's own origin, whatever the server was told). */
export function inviteLink(code: string): string {
  return `${window.location.origin}${paths.invite(code)}`;
}

function refusal(err: unknown): string {
  if (err instanceof ApiError && err.code === 'admin_required') {
    return 'Only admins can invite people to this zone: members may not create invites here.';
  }
  if (err instanceof ApiError && err.code === 'rate_limited') {
    return `Too many invites at once. ${err.retryAfter ? `Try again in ${err.retryAfter} seconds.` : 'Try again shortly.'}`;
  }
  return errorMessage(err);
}

function InviteBody({ zoneId }: { zoneId: string }) {
  const create = useCreateInvite(zoneId);
  const [invite, setInvite] = useState<Invite | null>(null);
  const [expiry, setExpiry] = useState(DEFAULT_EXPIRY);
  const [maxUses, setMaxUses] = useState(DEFAULT_MAX_USES);
  const [error, setError] = useState<string | null>(null);
  const linkRef = useRef<HTMLInputElement>(null);
  const started = useRef(false);
  const summaryId = useId();

  const generate = (e = expiry, m = maxUses) => {
    setError(null);
    create.mutate(inviteBody(e, m), {
      onSuccess: (made) => setInvite(made),
      onError: (err) => setError(refusal(err)),
    });
  };

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    generate(DEFAULT_EXPIRY, DEFAULT_MAX_USES);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const link = invite ? inviteLink(invite.code) : '';

  const copy = async () => {
    if (!link) return;
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link);
      toast.success('Link copied');
    } catch {
      linkRef.current?.select();
      toast.error('The link could not be copied: it is selected, copy it with Ctrl+C.');
    }
  };

  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-end gap-2">
        <TextField
          ref={linkRef}
          label="Invite link"
          readOnly
          value={link}
          placeholder={create.isPending ? 'Making a link…' : ''}
          onFocus={(e) => e.currentTarget.select()}
          wrapperClassName="min-w-0 flex-1"
          aria-describedby={invite ? summaryId : undefined}
        />
        <Button onClick={() => void copy()} disabled={!invite}>
          Copy
        </Button>
      </div>
      {invite && (
        <p id={summaryId} className="-mt-2 text-xs text-faint">
          {inviteSummary(invite)}
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-danger-text">
          {error}
        </p>
      )}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <SelectField label="Expire after" options={EXPIRY_OPTIONS} value={expiry} onChange={(e) => setExpiry(e.target.value)} />
        <SelectField label="Max uses" options={MAX_USES_OPTIONS} value={maxUses} onChange={(e) => setMaxUses(e.target.value)} />
      </div>
      <div className="flex justify-end">
        <Button variant="secondary" onClick={() => generate()} loading={create.isPending} loadingLabel="Making a link…">
          Generate a new link
        </Button>
      </div>
    </div>
  );
}

function inviteSummary(invite: Invite): string {
  const expires = invite.expires_at === null ? 'Never expires' : `Expires: ${expiryText(invite.expires_at).toLowerCase()}`;
  const uses = invite.max_uses === null ? 'no use limit' : `${invite.max_uses} use${invite.max_uses === 1 ? '' : 's'}`;
  return `${expires}, ${uses}.`;
}
