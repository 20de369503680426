// The form-level messages of the account screens: a refusal (role="alert", read out at once)
// and a neutral notice (role="status") such as "check your inbox".
import { CircleAlert, MailCheck } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '@/components/ui';

export function FormAlert({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div
      role="alert"
      className={cn(
        'flex items-start gap-2 rounded-sm border border-danger bg-danger/10 px-3 py-2 text-sm text-danger-text',
        className,
      )}
    >
      <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0 break-words">{children}</div>
    </div>
  );
}

export function FormNotice({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div
      role="status"
      className={cn('flex items-start gap-2 rounded-sm bg-success/15 px-3 py-2 text-sm text-normal', className)}
    >
      <MailCheck aria-hidden className="mt-0.5 size-4 shrink-0 text-online" />
      <div className="min-w-0 break-words">{children}</div>
    </div>
  );
}
