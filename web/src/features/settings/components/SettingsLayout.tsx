// Small pieces every settings section shares: the section's title and a titled block.
import type { ReactNode } from 'react';
import { cn } from '@/components/ui';

export function SettingsHeading({ children }: { children: ReactNode }) {
  return <h1 className="text-xl font-semibold text-heading">{children}</h1>;
}

export function SettingsBlock({
  title,
  description,
  children,
  danger,
  className,
}: {
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  danger?: boolean;
  className?: string;
}) {
  return (
    <section
      aria-label={title}
      className={cn('flex flex-col gap-4 rounded-lg p-4', danger ? 'border border-danger' : 'bg-sidebar', className)}
    >
      <div className="flex flex-col gap-1">
        <h2 className={cn('text-base font-semibold', danger ? 'text-danger-text' : 'text-heading')}>{title}</h2>
        {description && <div className="text-sm text-muted">{description}</div>}
      </div>
      {children}
    </section>
  );
}
