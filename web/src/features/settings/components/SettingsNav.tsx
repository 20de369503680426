// The settings' navigation, as in Discord's user settings: the sections, then "Log out".
// A column beside the content on wide screens, a wrapping row above it on narrow ones.
import { LogOut } from 'lucide-react';
import { NavLink } from 'react-router';
import { cn, useConfirm } from '@/components/ui';
import { paths, type SettingsTab } from '@/app/paths';
import { useSignOutAndLeave } from '../hooks/useLeaveSettings';

export const SETTINGS_TABS: { tab: SettingsTab; label: string }[] = [
  { tab: 'profile', label: 'My profile' },
  { tab: 'account', label: 'Account' },
  { tab: 'sessions', label: 'Sessions' },
  { tab: 'appearance', label: 'Appearance' },
];

const itemClass = 'rounded-sm px-2.5 py-1.5 text-left font-medium focus-visible:outline-2 focus-visible:outline-focus';

export function SettingsNav() {
  const signOutAndLeave = useSignOutAndLeave();
  const [confirm, confirmDialog] = useConfirm();

  const logOut = async () => {
    const yes = await confirm({ title: 'Log out', text: 'Are you sure you want to log out?', confirmLabel: 'Log out', danger: true });
    if (yes) await signOutAndLeave(false);
  };

  return (
    <nav aria-label="User settings" className="flex w-full flex-col gap-1 md:w-[218px]">
      <h2 className="hidden px-2.5 pb-1.5 text-xs font-bold tracking-wide text-faint uppercase md:block">User settings</h2>
      <ul className="flex flex-wrap gap-1 md:flex-col md:gap-0.5">
        {SETTINGS_TABS.map(({ tab, label }) => (
          <li key={tab}>
            <NavLink
              to={paths.settings(tab)}
              replace
              className={({ isActive }) =>
                cn(itemClass, 'block', isActive ? 'bg-active text-heading' : 'text-muted hover:bg-hover hover:text-normal')
              }
            >
              {label}
            </NavLink>
          </li>
        ))}
        <li aria-hidden className="mx-2.5 my-2 hidden h-px bg-border md:block" />
        <li>
          <button
            type="button"
            onClick={() => void logOut()}
            className={cn(itemClass, 'flex w-full cursor-pointer items-center justify-between gap-2 text-danger-text hover:bg-hover')}
          >
            Log out
            <LogOut className="size-4" aria-hidden />
          </button>
        </li>
      </ul>
      {confirmDialog}
    </nav>
  );
}
