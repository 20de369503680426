// "Create channel" (admins): a text or voice channel at the end of the list. The name field
// shows what the server will store (text channels: lower case, spaces as dashes).
import { zodResolver } from '@hookform/resolvers/zod';
import { Hash, Volume2 } from 'lucide-react';
import { useEffect, useId } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { Button, cn, Dialog, TextField, toast } from '@/components/ui';
import { formErrorOf } from '@/features/auth/api';
import { paths } from '@/app/paths';
import { channelNameSchema, normaliseChannelName } from '../hooks/channels';
import { useCreateChannel } from '../hooks/mutations';
import type { ChannelType } from '../types';

export interface CreateChannelDialogProps {
  zoneId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  defaultType?: ChannelType;
  /** Open a new text channel once created (not from the settings, which stay open). */
  openCreated?: boolean;
}

export function CreateChannelDialog({ zoneId, open, onOpenChange, defaultType = 'text', openCreated = true }: CreateChannelDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Create channel">
      {open && (
        <CreateChannelForm zoneId={zoneId} defaultType={defaultType} openCreated={openCreated} onDone={() => onOpenChange(false)} />
      )}
    </Dialog>
  );
}

const schema = z
  .object({ type: z.enum(['text', 'voice']), name: z.string() })
  .transform((v, ctx) => {
    const parsed = channelNameSchema(v.type).safeParse(v.name);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: ['name'] });
      return z.NEVER;
    }
    return { type: v.type, name: parsed.data };
  });

const TYPES: { type: ChannelType; label: string; text: string; icon: typeof Hash }[] = [
  { type: 'text', label: 'Text', text: 'Messages, pictures, links and files', icon: Hash },
  { type: 'voice', label: 'Voice', text: 'Talk together by voice (coming in a later release)', icon: Volume2 },
];

function CreateChannelForm({
  zoneId,
  defaultType,
  openCreated,
  onDone,
}: {
  zoneId: string;
  defaultType: ChannelType;
  openCreated: boolean;
  onDone: () => void;
}) {
  const navigate = useNavigate();
  const create = useCreateChannel(zoneId);
  const ids = useId();
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { type: defaultType, name: '' },
  });
  useEffect(() => form.setFocus('name'), [form]);
  const type = form.watch('type');
  const name = form.watch('name');
  const stored = normaliseChannelName(name, type);

  const onSubmit = form.handleSubmit(async (body) => {
    try {
      const channel = await create.mutateAsync(body);
      if (channel.type === 'text' && openCreated) navigate(paths.channel(zoneId, channel.id));
      else toast.success(`Created ${channel.type === 'text' ? '#' : 'the voice channel '}${channel.name}`);
      onDone();
    } catch (err) {
      const { field, message } = formErrorOf(err, ['name'] as const);
      form.setError(field ?? 'root', { message });
    }
  });

  const rootError = form.formState.errors.root?.message;
  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-xs font-bold uppercase tracking-wide text-muted">Channel type</legend>
        {TYPES.map((t) => (
          <label
            key={t.type}
            className={cn(
              'flex cursor-pointer items-center gap-3 rounded-sm bg-sidebar px-3 py-2.5 hover:bg-hover has-focus-visible:outline-2 has-focus-visible:outline-focus',
              type === t.type && 'bg-active',
            )}
          >
            <t.icon aria-hidden className="size-5 shrink-0 text-muted" />
            <span className="flex min-w-0 flex-1 flex-col">
              <span id={`${ids}-${t.type}-label`} className="font-medium text-heading">
                {t.label}
              </span>
              <span id={`${ids}-${t.type}`} className="text-sm text-muted">
                {t.text}
              </span>
            </span>
            <input
              type="radio"
              value={t.type}
              aria-labelledby={`${ids}-${t.type}-label`}
              aria-describedby={`${ids}-${t.type}`} className="size-5 accent-accent" {...form.register('type')} />
          </label>
        ))}
      </fieldset>
      <TextField
        label="Channel name"
        required
        autoComplete="off"
        placeholder={type === 'text' ? 'new-channel' : 'Lounge'}
        error={form.formState.errors.name?.message}
        hint={type === 'text' && stored && stored !== name ? `It will be named #${stored}.` : undefined}
        {...form.register('name')}
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
        <Button type="submit" loading={create.isPending} loadingLabel="Creating…">
          Create channel
        </Button>
      </div>
    </form>
  );
}
