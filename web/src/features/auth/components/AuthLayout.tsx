// The frame of every account screen: a centred card on a tinted backdrop with the OpenChat
// mark, a title and a subtitle. Below 640 px the card fills the width (no sideways scroll).
import type { ComponentProps, ReactNode } from 'react';
import { Link } from 'react-router';
import { cn } from '@/components/ui';

export interface AuthLayoutProps {
  title: ReactNode;
  subtitle?: ReactNode;
  children: ReactNode;
  /** Links under the card's content ("Need an account? …"). */
  footer?: ReactNode;
}

export function AuthLayout({ title, subtitle, children, footer }: AuthLayoutProps) {
  return (
    <div className="relative isolate flex min-h-dvh w-full justify-center overflow-x-hidden bg-rail sm:items-center sm:p-6">
      <div aria-hidden className="pointer-events-none absolute inset-0 -z-10 overflow-hidden">
        <div className="absolute -top-40 -left-32 size-[28rem] rounded-full bg-accent/25 blur-3xl" />
        <div className="absolute -right-32 -bottom-40 size-[28rem] rounded-full bg-accent/15 blur-3xl" />
      </div>
      <main className="w-full min-w-0 bg-chat px-4 py-8 sm:max-w-md sm:rounded-md sm:px-8 sm:shadow-elevated">
        <Logo />
        <h1 className="mt-6 text-center text-2xl font-semibold text-heading">{title}</h1>
        {subtitle && <p className="mt-2 text-center text-muted">{subtitle}</p>}
        <div className="mt-6">{children}</div>
        {footer && <div className="mt-6 flex flex-col gap-1 text-sm text-muted">{footer}</div>}
      </main>
    </div>
  );
}

function Logo() {
  return (
    <div className="flex items-center justify-center gap-2">
      <svg aria-hidden viewBox="0 0 64 64" className="size-9">
        <rect width="64" height="64" rx="16" className="fill-accent" />
        <path
          d="M16 20a6 6 0 0 1 6-6h20a6 6 0 0 1 6 6v16a6 6 0 0 1-6 6H30l-9 8v-8a6 6 0 0 1-5-6z"
          className="fill-on-accent"
        />
      </svg>
      <span className="text-xl font-bold tracking-tight text-heading">OpenChat</span>
    </div>
  );
}

/** A link inside the account screens, in the link colour with a visible focus ring. */
export function AuthLink({ className, ...rest }: ComponentProps<typeof Link>) {
  return (
    <Link
      className={cn(
        'rounded-xs text-link hover:underline focus-visible:outline-2 focus-visible:outline-focus',
        className,
      )}
      {...rest}
    />
  );
}

/** A router link that looks like the primary button (for "Log in" after a reset). */
export function AuthButtonLink({ className, ...rest }: ComponentProps<typeof Link>) {
  return (
    <Link
      className={cn(
        'inline-flex h-11 w-full items-center justify-center rounded-sm bg-accent px-6 text-base font-medium text-on-accent',
        'transition-colors duration-150 hover:bg-accent-hover focus-visible:outline-2 focus-visible:outline-focus',
        className,
      )}
      {...rest}
    />
  );
}
