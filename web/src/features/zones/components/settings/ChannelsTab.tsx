// Settings, "Channels": every channel in order, to rename (and re-topic), move up or down,
// delete, and a button to create one.
import { zodResolver } from '@hookform/resolvers/zod';
import { ArrowDown, ArrowUp, Hash, Pencil, Trash2, Volume2 } from 'lucide-react';
import { type ReactNode, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Button, TextField, toast, useConfirm } from '@/components/ui';
import { formErrorOf } from '@/features/auth/api';
import { errorMessage } from '@/lib/api/client';
import { channelNameSchema, channelTopicSchema, moveChannel, sortChannels } from '../../hooks/channels';
import { useDeleteChannel, useReorderChannels, useUpdateChannel } from '../../hooks/mutations';
import type { Channel, ChannelWithReadState, ZoneWithReadState } from '../../types';
import { CreateChannelDialog } from '../CreateChannelDialog';
import { SettingsSection } from './SettingsSection';

export function ChannelsTab({ zone }: { zone: ZoneWithReadState }) {
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const reorder = useReorderChannels(zone.id);
  const remove = useDeleteChannel(zone.id);
  const [confirm, confirmDialog] = useConfirm();
  const channels = sortChannels(zone.channels);
  const ids = channels.map((c) => c.id);

  const move = (c: Channel, step: -1 | 1) => {
    const order = moveChannel(ids, c.id, step);
    if (!order) return;
    reorder.mutate(order, { onError: (err) => toast.error(`The channels could not be moved. ${errorMessage(err)}`) });
  };

  const del = async (c: Channel) => {
    const ok = await confirm({
      title: `Delete ${label(c)}?`,
      text: 'The channel and all its messages are deleted for everyone. This cannot be undone.',
      confirmLabel: 'Delete channel',
      danger: true,
    });
    if (!ok) return;
    remove.mutate(c.id, {
      onSuccess: () => toast.success(`Deleted ${label(c)}`),
      onError: (err) => toast.error(errorMessage(err)),
    });
  };

  return (
    <SettingsSection title="Channels" action={<Button onClick={() => setCreating(true)}>Create channel</Button>}>
      <ul className="flex flex-col divide-y divide-border rounded-md bg-sidebar">
        {channels.map((c, i) => (
          <li key={c.id} className="flex flex-col gap-2 p-3">
            {editing === c.id ? (
              <ChannelEditor zoneId={zone.id} channel={c} onDone={() => setEditing(null)} />
            ) : (
              <div className="flex flex-wrap items-center gap-2">
                {c.type === 'text' ? (
                  <Hash aria-hidden className="size-5 shrink-0 text-faint" />
                ) : (
                  <Volume2 aria-hidden className="size-5 shrink-0 text-faint" />
                )}
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium text-heading">
                    {c.name}
                    <span className="sr-only">{c.type === 'text' ? ' (text channel)' : ' (voice channel)'}</span>
                  </p>
                  {c.topic && <p className="truncate text-sm text-muted">{c.topic}</p>}
                </div>
                <div className="flex shrink-0 items-center gap-1">
                  <IconButton label={`Move ${c.name} up`} disabled={i === 0 || reorder.isPending} onClick={() => move(c, -1)}>
                    <ArrowUp className="size-4" />
                  </IconButton>
                  <IconButton
                    label={`Move ${c.name} down`}
                    disabled={i === channels.length - 1 || reorder.isPending}
                    onClick={() => move(c, 1)}
                  >
                    <ArrowDown className="size-4" />
                  </IconButton>
                  <IconButton label={`Rename ${c.name}`} onClick={() => setEditing(c.id)}>
                    <Pencil className="size-4" />
                  </IconButton>
                  <IconButton label={`Delete ${c.name}`} onClick={() => void del(c)} danger>
                    <Trash2 className="size-4" />
                  </IconButton>
                </div>
              </div>
            )}
          </li>
        ))}
      </ul>
      <CreateChannelDialog zoneId={zone.id} open={creating} onOpenChange={setCreating} openCreated={false} />
      {confirmDialog}
    </SettingsSection>
  );
}

function label(c: Channel) {
  return c.type === 'text' ? `#${c.name}` : c.name;
}

function IconButton({
  label: name,
  onClick,
  disabled,
  danger,
  children,
}: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <Button
      variant="ghost"
      size="icon"
      aria-label={name}
      title={name}
      disabled={disabled}
      onClick={onClick}
      className={danger ? 'hover:bg-danger hover:text-white' : undefined}
    >
      <span aria-hidden className="inline-flex">
        {children}
      </span>
    </Button>
  );
}

const editSchema = (type: Channel['type']) => z.object({ name: channelNameSchema(type), topic: channelTopicSchema });

function ChannelEditor({ zoneId, channel, onDone }: { zoneId: string; channel: ChannelWithReadState; onDone: () => void }) {
  const update = useUpdateChannel(zoneId);
  const schema = editSchema(channel.type);
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { name: channel.name, topic: channel.topic },
  });
  const submit = form.handleSubmit(async ({ name, topic }) => {
    const body = {
      ...(name !== channel.name ? { name } : {}),
      ...(topic !== channel.topic ? { topic } : {}),
    };
    if (Object.keys(body).length === 0) return onDone();
    try {
      await update.mutateAsync({ channelId: channel.id, body });
      toast.success('Channel saved');
      onDone();
    } catch (err) {
      const { field, message } = formErrorOf(err, ['name', 'topic'] as const);
      form.setError(field ?? 'root', { message });
    }
  });
  const rootError = form.formState.errors.root?.message;
  return (
    <form
      noValidate
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation(); // closes the editor, not the settings
          onDone();
        }
      }}
      className="flex flex-col gap-3"
    >
      <TextField label="Channel name" autoFocus autoComplete="off" error={form.formState.errors.name?.message} {...form.register('name')} />
      {channel.type === 'text' && (
        <TextField label="Channel topic" autoComplete="off" error={form.formState.errors.topic?.message} {...form.register('topic')} />
      )}
      {rootError && (
        <p role="alert" className="text-sm text-danger-text">
          {rootError}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" size="sm" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" size="sm" loading={update.isPending} loadingLabel="Saving…">
          Save
        </Button>
      </div>
    </form>
  );
}
