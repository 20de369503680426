// The user settings (/settings/:tab), full screen outside the shell as in Discord: the
// sections on the left, the open one on the right, and a close button (or Escape) back to
// where the user was. Narrow screens stack the navigation above the section.
import { X } from 'lucide-react';
import { Navigate, useParams } from 'react-router';
import { Tooltip } from '@/components/ui';
import { paths, type SettingsTab } from '@/app/paths';
import { AccountSection } from '../components/AccountSection';
import { AppearanceSection } from '../components/AppearanceSection';
import { ProfileSection } from '../components/ProfileSection';
import { SessionsSection } from '../components/SessionsSection';
import { SETTINGS_TABS, SettingsNav } from '../components/SettingsNav';
import { useCloseSettings } from '../hooks/useLeaveSettings';

const SECTIONS: Record<SettingsTab, () => React.JSX.Element> = {
  profile: ProfileSection,
  account: AccountSection,
  sessions: SessionsSection,
  appearance: AppearanceSection,
};

function isTab(tab: string | undefined): tab is SettingsTab {
  return SETTINGS_TABS.some((t) => t.tab === tab);
}

export default function SettingsScreen() {
  const { tab } = useParams();
  const close = useCloseSettings();
  if (!isTab(tab)) return <Navigate to={paths.settings('profile')} replace />;
  const Section = SECTIONS[tab];

  return (
    <div className="relative flex h-dvh flex-col overflow-hidden bg-chat text-normal md:flex-row">
      <div className="shrink-0 border-b border-border bg-sidebar px-2 pt-3 pb-2 pr-14 md:flex md:flex-1 md:justify-end md:overflow-y-auto md:border-none md:py-15 md:pr-1.5">
        <p className="px-2.5 pb-2 text-xs font-bold tracking-wide text-faint uppercase md:hidden" aria-hidden>
          User settings
        </p>
        <SettingsNav />
      </div>
      <main className="min-h-0 flex-1 overflow-y-auto md:flex-[1_1_800px]">
        <div className="max-w-[740px] px-4 py-6 md:px-10 md:py-15">
          <Section key={tab} />
        </div>
      </main>
      <div className="absolute top-2 right-2 flex flex-col items-center gap-1 md:top-15 md:right-6">
        <Tooltip content="Close (Esc)" side="bottom">
          <button
            type="button"
            aria-label="Close settings"
            aria-keyshortcuts="Escape"
            onClick={close}
            className="inline-flex size-9 cursor-pointer items-center justify-center rounded-full border-2 border-faint text-faint hover:bg-hover hover:text-normal focus-visible:outline-2 focus-visible:outline-focus"
          >
            <X className="size-5" aria-hidden />
          </button>
        </Tooltip>
        <span aria-hidden className="hidden text-xs font-semibold text-faint md:block">
          ESC
        </span>
      </div>
    </div>
  );
}
