// A small accessible popover anchored to its trigger (no @radix-ui/react-popover here): a
// labelled dialog in a portal, placed above the trigger when it fits, focus kept inside while
// open, Escape or a click outside closes it and focus goes back to the trigger.
import {
  cloneElement,
  isValidElement,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type MouseEvent as ReactMouseEvent,
  type ReactElement,
  type ReactNode,
  type Ref,
} from 'react';
import { createPortal } from 'react-dom';
import { mergeRefs } from '@/components/ui';

export interface AnchoredPopoverProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  /** One element that takes a ref and onClick, usually a <button>. */
  trigger: ReactNode;
  /** The dialog's accessible name. */
  label: string;
  /** Read after the name ("Add reaction"): what picking here will do. */
  description?: string;
  children: ReactNode;
}

const GAP = 8;
const MARGIN = 8;
const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), a[href], [tabindex]';

/** What Tab can reach inside the popover (roving grids leave only one cell in the order). */
function tabbables(root: HTMLElement | null): HTMLElement[] {
  return Array.from(root?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []).filter((el) => el.tabIndex >= 0);
}

interface Position {
  top: number;
  left: number;
}

/** Above the trigger when there is room, else below; right edges aligned, kept on screen. */
export function placePopover(
  anchor: { top: number; bottom: number; right: number },
  size: { width: number; height: number },
  viewport: { width: number; height: number },
): Position {
  const above = anchor.top - GAP - size.height;
  const below = anchor.bottom + GAP;
  let top = above >= MARGIN ? above : below;
  if (top + size.height > viewport.height - MARGIN) top = Math.max(MARGIN, viewport.height - MARGIN - size.height);
  const left = Math.min(Math.max(MARGIN, anchor.right - size.width), Math.max(MARGIN, viewport.width - MARGIN - size.width));
  return { top, left };
}

export function AnchoredPopover({ open, onOpenChange, trigger, label, description, children }: AnchoredPopoverProps) {
  const id = useId();
  const triggerRef = useRef<HTMLElement | null>(null);
  const contentRef = useRef<HTMLDivElement | null>(null);
  const [position, setPosition] = useState<Position | null>(null);

  const onOpenChangeRef = useRef(onOpenChange);
  onOpenChangeRef.current = onOpenChange;
  const close = useCallback(() => onOpenChangeRef.current(false), []);

  // On closing, focus that was inside (now gone) or dropped by a click on nothing goes back to
  // the trigger; focus the user or onPick moved elsewhere (the composer) stays there. A tick
  // later, so a click outside has moved focus first.
  const wasOpen = useRef(open);
  useEffect(() => {
    const closing = wasOpen.current && !open;
    wasOpen.current = open;
    if (!closing) return;
    const timer = setTimeout(() => {
      const activeEl = document.activeElement;
      if (!activeEl || activeEl === document.body) triggerRef.current?.focus();
    }, 0);
    return () => clearTimeout(timer);
  }, [open]);

  const place = useCallback(() => {
    const t = triggerRef.current;
    const c = contentRef.current;
    if (!t || !c) return;
    const r = t.getBoundingClientRect();
    const next = placePopover(
      r,
      { width: c.offsetWidth, height: c.offsetHeight },
      { width: window.innerWidth, height: window.innerHeight },
    );
    setPosition((prev) => (prev && prev.top === next.top && prev.left === next.left ? prev : next));
  }, []);

  useLayoutEffect(() => {
    if (!open) {
      setPosition(null);
      return;
    }
    place();
    window.addEventListener('resize', place);
    window.addEventListener('scroll', place, true);
    // The content can grow once it loads (the picker is lazy).
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(place);
    if (contentRef.current) observer?.observe(contentRef.current);
    return () => {
      window.removeEventListener('resize', place);
      window.removeEventListener('scroll', place, true);
      observer?.disconnect();
    };
  }, [open, place]);

  useEffect(() => {
    if (!open) return;
    const c = contentRef.current;
    // Children focus themselves first (the picker's search field); otherwise the dialog takes focus.
    if (c && !c.contains(document.activeElement)) (tabbables(c)[0] ?? c).focus();
    const onPointerDown = (e: PointerEvent) => {
      const target = e.target as Node | null;
      if (!target || contentRef.current?.contains(target) || triggerRef.current?.contains(target)) return;
      close();
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [open, close]);

  function onKeyDown(e: ReactKeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
      return;
    }
    if (e.key !== 'Tab') return;
    // Keep Tab inside: the popover sits at the end of the page, far from its trigger.
    const items = tabbables(contentRef.current);
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  let triggerNode: ReactNode = trigger;
  if (isValidElement(trigger)) {
    const el = trigger as ReactElement<{ ref?: Ref<HTMLElement>; onClick?: (e: ReactMouseEvent<HTMLElement>) => void }>;
    triggerNode = cloneElement(el, {
      ref: mergeRefs(triggerRef, el.props.ref),
      onClick: (e: ReactMouseEvent<HTMLElement>) => {
        el.props.onClick?.(e);
        if (e.defaultPrevented) return;
        onOpenChange(!open);
      },
      'aria-haspopup': 'dialog',
      'aria-expanded': open,
      'data-state': open ? 'open' : 'closed',
      'aria-controls': open ? id : undefined,
    } as Record<string, unknown>);
  }

  return (
    <>
      {triggerNode}
      {open &&
        createPortal(
          <div
            ref={contentRef}
            id={id}
            role="dialog"
            aria-label={label}
            aria-describedby={description ? `${id}-description` : undefined}
            tabIndex={-1}
            onKeyDown={onKeyDown}
            className="fixed z-50 max-w-[calc(100vw-16px)] outline-none animate-pop-in"
            style={position ? { top: position.top, left: position.left } : { top: 0, left: 0, opacity: 0 } /* not hidden: focus must be able to land inside */}
          >
            {description && (
              <span id={`${id}-description`} className="sr-only">
                {description}
              </span>
            )}
            {children}
          </div>,
          document.body,
        )}
    </>
  );
}
