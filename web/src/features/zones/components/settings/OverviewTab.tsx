// Settings, "Overview": the zone's name, icon and member invites, and (owner) deleting it.
import { zodResolver } from '@hookform/resolvers/zod';
import { type FormEvent, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { Button, Dialog, TextField, toast } from '@/components/ui';
import { formErrorOf } from '@/features/auth/api';
import { errorMessage } from '@/lib/api/client';
import { paths } from '@/app/paths';
import { iconProblem, zoneNameSchema } from '../../hooks/forms';
import { useDeleteZone, useUpdateZone, useZoneIcon } from '../../hooks/mutations';
import type { ZoneInfo } from '../../types';
import { IconPicker } from '../IconPicker';
import { Switch } from '../Switch';
import { SettingsSection } from './SettingsSection';

const nameSchema = z.object({ name: zoneNameSchema });

export function OverviewTab({ zone }: { zone: ZoneInfo }) {
  return (
    <SettingsSection title="Overview">
      <IconSetting zone={zone} />
      <NameSetting zone={zone} />
      <InvitesSetting zone={zone} />
      {zone.my_role === 'owner' && <DeleteSetting zone={zone} />}
    </SettingsSection>
  );
}

function IconSetting({ zone }: { zone: ZoneInfo }) {
  const icon = useZoneIcon(zone.id);
  const [error, setError] = useState<string | null>(null);
  const apply = (picture: File | null) => {
    setError(null);
    if (picture && iconProblem(picture)) {
      setError(iconProblem(picture));
      return;
    }
    icon.mutate(picture, {
      onSuccess: () => toast.success(picture ? 'Icon updated' : 'Icon removed'),
      onError: (err) => setError(errorMessage(err)),
    });
  };
  return (
    <IconPicker
      file={null}
      onPick={(f) => f && apply(f)}
      currentUrl={zone.icon_url}
      zoneName={zone.name}
      zoneId={zone.id}
      error={error}
      busy={icon.isPending}
      onRemoveCurrent={() => apply(null)}
      hint="PNG, JPEG, GIF or WebP, at most 2 MB. It changes as soon as you pick it."
    />
  );
}

function NameSetting({ zone }: { zone: ZoneInfo }) {
  const update = useUpdateZone(zone.id);
  const form = useForm<z.input<typeof nameSchema>, unknown, z.output<typeof nameSchema>>({
    resolver: zodResolver(nameSchema),
    values: { name: zone.name },
  });
  const submit = form.handleSubmit(async ({ name }) => {
    try {
      await update.mutateAsync({ name });
      toast.success('Zone name saved');
    } catch (err) {
      const { field, message } = formErrorOf(err, ['name'] as const);
      form.setError(field ?? 'root', { message });
    }
  });
  const rootError = form.formState.errors.root?.message;
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-3">
      <TextField label="Zone name" required autoComplete="off" error={form.formState.errors.name?.message} {...form.register('name')} />
      {rootError && (
        <p role="alert" className="text-sm text-danger-text">
          {rootError}
        </p>
      )}
      <div className="flex justify-end gap-2">
        {form.formState.isDirty && (
          <Button variant="ghost" onClick={() => form.reset({ name: zone.name })}>
            Reset
          </Button>
        )}
        <Button type="submit" loading={update.isPending} loadingLabel="Saving…" disabled={!form.formState.isDirty}>
          Save changes
        </Button>
      </div>
    </form>
  );
}

function InvitesSetting({ zone }: { zone: ZoneInfo }) {
  const update = useUpdateZone(zone.id);
  return (
    <div className="border-t border-border pt-4">
      <Switch
        label="Allow members to invite"
        description="Members, not only admins, can create invite links."
        checked={update.isPending && update.variables.allow_member_invites !== undefined ? update.variables.allow_member_invites : zone.allow_member_invites}
        busy={update.isPending}
        onChange={(on) =>
          update.mutate(
            { allow_member_invites: on },
            {
              onSuccess: () => toast.success(on ? 'Members can now invite people' : 'Only admins can invite people now'),
              onError: (err) => toast.error(errorMessage(err)),
            },
          )
        }
      />
    </div>
  );
}

function DeleteSetting({ zone }: { zone: ZoneInfo }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="flex flex-col gap-3 rounded-md border border-danger p-4">
      <h3 className="font-semibold text-heading">Delete zone</h3>
      <p className="text-sm text-muted">
        Deletes the zone for everyone: its channels, messages, invites and bans. This cannot be undone.
      </p>
      <div>
        <Button variant="danger" onClick={() => setOpen(true)}>
          Delete zone
        </Button>
      </div>
      <Dialog open={open} onOpenChange={setOpen} title={`Delete ${zone.name}?`} description="This cannot be undone.">
        {open && <DeleteForm zone={zone} onCancel={() => setOpen(false)} />}
      </Dialog>
    </div>
  );
}

function DeleteForm({ zone, onCancel }: { zone: ZoneInfo; onCancel: () => void }) {
  const navigate = useNavigate();
  const remove = useDeleteZone(zone.id);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (typed.trim() !== zone.name) {
      setError('Type the zone name exactly as it is written.');
      return;
    }
    try {
      await remove.mutateAsync();
      navigate(paths.friends, { replace: true });
      toast.success(`Deleted ${zone.name}`);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form noValidate onSubmit={(e) => void submit(e)} className="flex flex-col gap-4">
      <TextField
        label="Confirm by typing its name"
        hint={`Type ${zone.name} to delete it.`}
        autoComplete="off"
        value={typed}
        onChange={(e) => {
          setTyped(e.target.value);
          setError(null);
        }}
        error={error}
      />
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" loading={remove.isPending} loadingLabel="Deleting…">
          Delete zone
        </Button>
      </div>
    </form>
  );
}
