import * as RadixMenu from '@radix-ui/react-dropdown-menu';
import type { ReactNode } from 'react';
import { cn } from './cn';

export interface MenuProps {
  /** The opener: one element that accepts a ref and handlers (e.g. a Button). */
  trigger: ReactNode;
  children: ReactNode;
  /** Names the menu for screen readers when the trigger's name is not enough. */
  label?: string;
  side?: 'top' | 'right' | 'bottom' | 'left';
  align?: 'start' | 'center' | 'end';
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Modal menus block the page while open (Radix default). */
  modal?: boolean;
  className?: string;
}

export function Menu({
  trigger,
  children,
  label,
  side = 'bottom',
  align = 'start',
  open,
  onOpenChange,
  modal,
  className,
}: MenuProps) {
  return (
    <RadixMenu.Root open={open} onOpenChange={onOpenChange} modal={modal}>
      <RadixMenu.Trigger asChild>{trigger}</RadixMenu.Trigger>
      <RadixMenu.Portal>
        <RadixMenu.Content
          // Radix names the menu after its trigger; an explicit label replaces that.
          {...(label ? { 'aria-label': label, 'aria-labelledby': undefined } : {})}
          side={side}
          align={align}
          sideOffset={4}
          collisionPadding={8}
          loop
          className={cn(
            'z-50 min-w-[188px] rounded-sm bg-elevated p-1.5 text-sm text-normal shadow-elevated animate-fade-in',
            className,
          )}
        >
          {children}
        </RadixMenu.Content>
      </RadixMenu.Portal>
    </RadixMenu.Root>
  );
}

export interface MenuItemProps {
  children: ReactNode;
  onSelect?: (event: Event) => void;
  /** Red, for destructive actions. */
  danger?: boolean;
  disabled?: boolean;
  /** Shortcut hint shown on the right, e.g. "Ctrl+E". */
  shortcut?: string;
  /** The same shortcut in aria-keyshortcuts form ("Control+E"), announced by screen readers. */
  keyShortcuts?: string;
  icon?: ReactNode;
  className?: string;
}

export function MenuItem({ children, onSelect, danger, disabled, shortcut, keyShortcuts, icon, className }: MenuItemProps) {
  return (
    <RadixMenu.Item
      onSelect={onSelect}
      disabled={disabled}
      aria-keyshortcuts={keyShortcuts}
      data-danger={danger || undefined}
      className={cn(
        'flex min-h-8 cursor-pointer select-none items-center gap-2 rounded-xs px-2 py-1.5 outline-none',
        'data-disabled:cursor-not-allowed data-disabled:opacity-50',
        danger
          ? 'text-danger-text data-highlighted:bg-danger data-highlighted:text-white'
          : 'text-muted data-highlighted:bg-accent data-highlighted:text-on-accent',
        className,
      )}
    >
      <span className="flex-1 truncate">{children}</span>
      {shortcut && (
        // Kept out of the item's name ("Edit", not "Edit Ctrl+E"); keyShortcuts announces it instead.
        <kbd aria-hidden="true" className="font-sans text-xs opacity-70">
          {shortcut}
        </kbd>
      )}
      {icon && <span aria-hidden="true" className="inline-flex size-[18px] items-center justify-center">{icon}</span>}
    </RadixMenu.Item>
  );
}

export function MenuSeparator({ className }: { className?: string }) {
  return <RadixMenu.Separator className={cn('mx-1 my-1 h-px bg-border', className)} />;
}

export function MenuLabel({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <RadixMenu.Label className={cn('px-2 py-1.5 text-xs font-bold uppercase text-faint', className)}>
      {children}
    </RadixMenu.Label>
  );
}
