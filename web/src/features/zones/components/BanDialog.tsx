// "Ban <name>": asks for an optional reason (kept in the zone's ban list), then bans, which
// also removes them from the zone.
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Button, Dialog, TextArea } from '@/components/ui';
import { formErrorOf } from '@/features/auth/api';
import type { PublicUser } from '@/features/friends/types';
import { BAN_REASON_MAX, banReasonSchema } from '../hooks/forms';

const schema = z.object({ reason: banReasonSchema });

export interface BanDialogProps {
  user: PublicUser | null;
  onOpenChange: (open: boolean) => void;
  /** Bans with the reason ("" for none); rejects with the server's refusal. */
  onBan: (user: PublicUser, reason: string) => Promise<void>;
}

export function BanDialog({ user, onOpenChange, onBan }: BanDialogProps) {
  return (
    <Dialog
      open={user !== null}
      onOpenChange={onOpenChange}
      title={user ? `Ban ${user.display_name}` : 'Ban'}
      description="They are removed from the zone and cannot join again until unbanned."
    >
      {user && <BanForm user={user} onBan={onBan} onDone={() => onOpenChange(false)} />}
    </Dialog>
  );
}

function BanForm({ user, onBan, onDone }: { user: PublicUser; onBan: BanDialogProps['onBan']; onDone: () => void }) {
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { reason: '' },
  });
  const submit = form.handleSubmit(async ({ reason }) => {
    try {
      await onBan(user, reason);
      onDone();
    } catch (err) {
      const { field, message } = formErrorOf(err, ['reason'] as const);
      form.setError(field ?? 'root', { message });
    }
  });
  const rootError = form.formState.errors.root?.message;
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-4">
      <TextArea
        label="Reason (optional)"
        hint={`Up to ${BAN_REASON_MAX} characters; admins see it in the ban list.`}
        rows={3}
        error={form.formState.errors.reason?.message}
        {...form.register('reason')}
      />
      {rootError && (
        <p role="alert" className="text-sm text-danger-text">
          {rootError}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" loading={form.formState.isSubmitting} loadingLabel="Banning…">
          Ban
        </Button>
      </div>
    </form>
  );
}
