// The bar at the bottom of the sidebar, as in Discord: the user's avatar with their status
// (a menu to change it), their names, and the way to the user settings.
import { Check, Settings } from 'lucide-react';
import { useId } from 'react';
import { useNavigate } from 'react-router';
import { Avatar, Menu, MenuItem, StatusDot, Tooltip } from '@/components/ui';
import { STATUS_LABEL } from '@/features/presence/store';
import { paths } from '@/app/paths';
import { useSession } from '@/app/session';
import type { OwnStatus } from '../api';
import { useSetStatus } from '../hooks/useSetStatus';

/** The menu's words, as Discord writes them. */
const STATUS_CHOICES: { status: OwnStatus; label: string }[] = [
  { status: 'online', label: 'Online' },
  { status: 'idle', label: 'Idle' },
  { status: 'dnd', label: 'Do Not Disturb' },
  { status: 'invisible', label: 'Invisible' },
];

export function UserPanel() {
  const { me } = useSession();
  const setStatus = useSetStatus();
  const navigate = useNavigate();
  const describedBy = useId();

  return (
    <section
      aria-label="User panel"
      className="flex h-[52px] shrink-0 items-center gap-1 bg-rail px-2"
      style={{ ['--avatar-ring' as string]: 'var(--color-rail)' }}
    >
      <span id={describedBy} className="sr-only">
        {`${me.display_name} (${me.username}), ${STATUS_LABEL[me.status]}`}
      </span>
      <Menu
        side="top"
        label="Set status"
        trigger={
          <button
            type="button"
            aria-label="Set status"
            aria-describedby={describedBy}
            className="-ml-1 flex min-w-0 flex-1 cursor-pointer items-center gap-2 rounded-sm py-1 pr-1 pl-1 text-left hover:bg-hover focus-visible:outline-2 focus-visible:outline-focus"
          >
            <Avatar userId={me.id} name={me.display_name} src={me.avatar_url} alt="" size="sm" status={me.status} />
            <span className="min-w-0 flex-1 leading-tight">
              <span className="block truncate text-sm font-semibold text-heading">{me.display_name}</span>
              <span className="block truncate text-xs text-muted">{me.username}</span>
            </span>
          </button>
        }
      >
        {STATUS_CHOICES.map((c) => (
          <MenuItem
            key={c.status}
            onSelect={() => void setStatus(c.status)}
            icon={me.status === c.status ? <Check className="size-4" /> : undefined}
          >
            <span className="flex items-center gap-2">
              <span aria-hidden className="inline-flex">
                <StatusDot status={c.status} size={10} />
              </span>
              {c.label}
            </span>
          </MenuItem>
        ))}
      </Menu>
      <Tooltip content="User settings">
        <button
          type="button"
          aria-label="User settings"
          onClick={() => navigate(paths.settings('profile'))}
          className="inline-flex size-8 shrink-0 cursor-pointer items-center justify-center rounded-sm text-muted hover:bg-hover hover:text-normal focus-visible:outline-2 focus-visible:outline-focus"
        >
          <Settings className="size-5" aria-hidden />
        </button>
      </Tooltip>
    </section>
  );
}
