// "Create a zone" (from the rail's + button): a name and an optional icon; or, for someone
// holding an invite, the link or code, which opens the invite page.
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { Button, Dialog, TextField, toast } from '@/components/ui';
import { formErrorOf } from '@/features/auth/api';
import { errorMessage } from '@/lib/api/client';
import { paths } from '@/app/paths';
import { firstTextChannel } from '../hooks/channels';
import { iconProblem, inviteInputSchema, zoneNameSchema } from '../hooks/forms';
import { parseInviteCode } from '../hooks/invites';
import { useCreateZone } from '../hooks/useCreateZone';
import { IconPicker } from './IconPicker';

const createSchema = z.object({ name: zoneNameSchema });
const joinSchema = z.object({ invite: inviteInputSchema });

export function CreateZoneDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Create a zone"
      description="A zone is where you and your friends talk. Give it a name and, if you like, an icon."
    >
      {open && <CreateZoneBody onDone={() => onOpenChange(false)} />}
    </Dialog>
  );
}

function CreateZoneBody({ onDone }: { onDone: () => void }) {
  const navigate = useNavigate();
  const create = useCreateZone();
  const [icon, setIcon] = useState<File | null>(null);
  const [iconError, setIconError] = useState<string | null>(null);
  const form = useForm<z.input<typeof createSchema>, unknown, z.output<typeof createSchema>>({
    resolver: zodResolver(createSchema),
    defaultValues: { name: '' },
  });
  const join = useForm<z.input<typeof joinSchema>, unknown, z.output<typeof joinSchema>>({
    resolver: zodResolver(joinSchema),
    defaultValues: { invite: '' },
  });
  useEffect(() => form.setFocus('name'), [form]);

  const pick = (file: File | null) => {
    setIconError(file ? iconProblem(file) : null);
    setIcon(file);
  };

  const onCreate = form.handleSubmit(async ({ name }) => {
    if (icon && iconProblem(icon)) return;
    try {
      const { zone, iconError: refused } = await create.mutateAsync({ name, icon });
      if (refused) toast.error(`The zone was created, but its icon was refused: ${errorMessage(refused)}`);
      else toast.success(`Created ${zone.name}`);
      const first = firstTextChannel(zone.channels);
      navigate(first ? paths.channel(zone.id, first.id) : paths.zone(zone.id));
      onDone();
    } catch (err) {
      const { field, message } = formErrorOf(err, ['name'] as const);
      form.setError(field ?? 'root', { message });
    }
  });

  const onJoin = join.handleSubmit(({ invite }) => {
    const code = parseInviteCode(invite);
    if (!code) return;
    navigate(paths.invite(code));
    onDone();
  });

  const rootError = form.formState.errors.root?.message;
  return (
    <div className="flex flex-col gap-5">
      <form noValidate onSubmit={onCreate} className="flex flex-col gap-4">
        <IconPicker file={icon} onPick={pick} error={iconError} zoneName={form.watch('name')} busy={create.isPending} />
        <TextField
          label="Zone name"
          required
          autoComplete="off"
          maxLength={200}
          error={form.formState.errors.name?.message}
          {...form.register('name')}
        />
        {rootError && (
          <p role="alert" className="text-sm text-danger-text">
            {rootError}
          </p>
        )}
        <div className="flex justify-end">
          <Button type="submit" loading={create.isPending} loadingLabel="Creating…">
            Create
          </Button>
        </div>
      </form>
      <form noValidate onSubmit={onJoin} className="flex flex-col gap-3 border-t border-border pt-4">
        <h3 className="font-semibold text-heading">Have an invite? Join a zone</h3>
        <TextField
          label="Invite link or code"
          autoComplete="off"
          placeholder="https://…/invite/aZ3kP9qLm2"
          hint="Paste the link someone sent you, or just its code."
          error={join.formState.errors.invite?.message}
          {...join.register('invite')}
        />
        <div className="flex justify-end">
          <Button type="submit" variant="secondary">
            Join a zone
          </Button>
        </div>
      </form>
    </div>
  );
}
