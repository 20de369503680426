import { useLayoutEffect, useMemo, useRef, type ComponentProps, type ReactNode } from 'react';
import { cn, mergeRefs } from './cn';
import { FieldChrome, controlClass, useFieldIds } from './Field';

export interface TextAreaProps extends Omit<ComponentProps<'textarea'>, 'children'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  hideLabel?: boolean;
  wrapperClassName?: string;
  /** Grows with its content up to this many rows, then scrolls. */
  maxRows?: number;
}

// jsdom and some engines report line-height as "normal"; this matches the theme's 1.375.
const FALLBACK_LINE_HEIGHT_RATIO = 1.375;

function px(value: string): number {
  const n = Number.parseFloat(value);
  return Number.isFinite(n) ? n : 0;
}

/** Sizes a textarea to its content, capped at maxRows; exported for the chat composer. */
export function autoGrow(el: HTMLTextAreaElement, maxRows: number): void {
  const style = window.getComputedStyle(el);
  const fontSize = px(style.fontSize) || 16;
  const lineHeight = px(style.lineHeight) || fontSize * FALLBACK_LINE_HEIGHT_RATIO;
  const chrome =
    px(style.paddingTop) + px(style.paddingBottom) + px(style.borderTopWidth) + px(style.borderBottomWidth);
  const max = Math.round(lineHeight * maxRows + chrome);
  el.style.height = 'auto';
  const wanted = el.scrollHeight + px(style.borderTopWidth) + px(style.borderBottomWidth);
  el.style.height = `${Math.min(wanted, max)}px`;
  el.style.overflowY = wanted > max ? 'auto' : 'hidden';
}

export function TextArea({
  label,
  hint,
  error,
  hideLabel,
  wrapperClassName,
  className,
  id: idProp,
  required,
  rows = 1,
  maxRows = 8,
  onInput,
  value,
  ref,
  'aria-describedby': describedByProp,
  ...rest
}: TextAreaProps) {
  const f = useFieldIds({ id: idProp, hint, error, describedBy: describedByProp });
  const own = useRef<HTMLTextAreaElement | null>(null);
  const setRefs = useMemo(() => mergeRefs(own, ref), [ref]);

  // Controlled values change without input events (e.g. cleared after sending).
  useLayoutEffect(() => {
    if (own.current) autoGrow(own.current, maxRows);
  }, [value, maxRows]);

  return (
    <FieldChrome {...f} label={label} hint={hint} error={error} required={required} hideLabel={hideLabel} className={wrapperClassName}>
      <textarea
        ref={setRefs}
        id={f.id}
        rows={rows}
        value={value}
        required={required}
        aria-invalid={f.hasError || undefined}
        aria-describedby={f.describedBy}
        onInput={(e) => {
          autoGrow(e.currentTarget, maxRows);
          onInput?.(e);
        }}
        className={cn(controlClass, 'resize-none leading-[1.375]', className)}
        {...rest}
      />
    </FieldChrome>
  );
}
