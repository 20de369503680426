// The bar at the top of every screen in the shell: what is open, its actions on the right,
// and on narrow screens the button back to the navigation.
import { Menu as MenuIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '@/components/ui';
import { mobileNavStore } from './mobileNav';

export interface ScreenHeaderProps {
  /** Shown before the title (a channel's #, a user's avatar). */
  icon?: ReactNode;
  title: ReactNode;
  /** A short line after the title (a channel topic, a status). */
  subtitle?: ReactNode;
  /** Buttons on the right. */
  children?: ReactNode;
  className?: string;
}

export function ScreenHeader({ icon, title, subtitle, children, className }: ScreenHeaderProps) {
  return (
    <header
      className={cn(
        'flex h-12 shrink-0 items-center gap-2 border-b border-border bg-chat px-2 shadow-sm md:px-4',
        className,
      )}
    >
      <button
        type="button"
        aria-label="Open navigation"
        className="rounded-sm p-2 text-muted hover:bg-hover hover:text-normal focus-visible:outline-2 focus-visible:outline-focus md:hidden"
        onClick={() => mobileNavStore.getState().show('nav')}
      >
        <MenuIcon className="size-5" aria-hidden />
      </button>
      {icon && <span className="flex shrink-0 items-center text-faint">{icon}</span>}
      <h1 className="min-w-0 truncate font-semibold text-heading">{title}</h1>
      {subtitle && (
        <>
          <span aria-hidden className="hidden h-6 w-px bg-border sm:block" />
          <span className="hidden min-w-0 truncate text-sm text-muted sm:block">{subtitle}</span>
        </>
      )}
      <div className="ml-auto flex shrink-0 items-center gap-1">{children}</div>
    </header>
  );
}
