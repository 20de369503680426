// The zone icon chooser: a round preview (the picked file, else the current icon, else the
// zone's initials) labelled "Zone icon", over a real file input so keyboards and screen
// readers use it like any other field.
import { ImagePlus } from 'lucide-react';
import { useId } from 'react';
import { Avatar, Button, cn } from '@/components/ui';
import { ICON_TYPES } from '../hooks/forms';
import { useObjectUrl } from '../hooks/useObjectUrl';

export interface IconPickerProps {
  file: File | null;
  onPick: (file: File | null) => void;
  /** The zone's icon now (settings), shown when nothing is picked. */
  currentUrl?: string | null;
  /** For the initials and colour when there is no picture. */
  zoneName?: string;
  zoneId?: string;
  error?: string | null;
  disabled?: boolean;
  /** Offered when there is a current icon; the picked file is dropped with "Remove" instead. */
  onRemoveCurrent?: () => void;
  busy?: boolean;
  hint?: string;
}

export function IconPicker({ file, onPick, currentUrl, zoneName, zoneId, error, disabled, onRemoveCurrent, busy, hint = 'Optional. PNG, JPEG, GIF or WebP, at most 2 MB.' }: IconPickerProps) {
  const id = useId();
  const preview = useObjectUrl(file);
  const shown = preview ?? currentUrl ?? null;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <input
          id={id}
          type="file"
          aria-label="Zone icon"
          accept={ICON_TYPES.join(',')}
          className="peer sr-only"
          disabled={disabled || busy}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onChange={(e) => {
            onPick(e.target.files?.[0] ?? null);
            e.target.value = ''; // picking the same file again still reports a change
          }}
        />
        <label
          htmlFor={id}
          className={cn(
            'flex cursor-pointer items-center gap-3 rounded-md p-1 peer-focus-visible:outline-2 peer-focus-visible:outline-focus',
            (disabled || busy) && 'cursor-not-allowed opacity-50',
          )}
        >
          <span aria-hidden className="flex size-20 shrink-0 items-center justify-center overflow-hidden rounded-full border-2 border-dashed border-border bg-input text-muted">
            {shown ? (
              <img src={shown} alt="" className="size-full object-cover" />
            ) : zoneName?.trim() ? (
              <Avatar userId={zoneId ?? zoneName} name={zoneName} alt="" size="xl" />
            ) : (
              <ImagePlus className="size-7" />
            )}
          </span>
          <span className="flex flex-col">
            <span className="text-xs font-bold uppercase tracking-wide text-muted">Zone icon</span>
            <span className="text-sm text-link">{file ? file.name : shown ? 'Change' : 'Upload a picture'}</span>
          </span>
        </label>
        {file && (
          <Button variant="ghost" size="sm" onClick={() => onPick(null)} disabled={busy}>
            Remove
          </Button>
        )}
        {!file && currentUrl && onRemoveCurrent && (
          <Button variant="ghost" size="sm" onClick={onRemoveCurrent} loading={busy} disabled={disabled}>
            Remove icon
          </Button>
        )}
      </div>
      <p id={`${id}-hint`} className="text-xs text-faint">
        {hint}
      </p>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-xs text-danger-text">
          {error}
        </p>
      )}
    </div>
  );
}
