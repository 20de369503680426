import { useEffect, useState, type ComponentProps } from 'react';
import { cn } from './cn';
import { StatusDot, type Status } from './StatusDot';

export type AvatarSize = 'xs' | 'sm' | 'md' | 'lg' | 'xl';

const PX: Record<AvatarSize, number> = { xs: 20, sm: 32, md: 40, lg: 56, xl: 80 };
const FONT: Record<AvatarSize, string> = {
  xs: 'text-[9px]',
  sm: 'text-xs',
  md: 'text-sm',
  lg: 'text-lg',
  xl: 'text-2xl',
};

/** Fallback backgrounds; all dark enough for white initials (WCAG AA for bold text). */
export const AVATAR_COLOURS = [
  '#5865f2',
  '#3b7d4f',
  '#b3471d',
  '#a8325e',
  '#6b4bbd',
  '#1f6f8b',
  '#8a5a00',
  '#4e5d6c',
] as const;

/** FNV-1a: small, stable across sessions and browsers, good enough spread for colour picking. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The same user always gets the same colour, whatever their name is changed to. */
export function avatarColour(userId: string): string {
  return AVATAR_COLOURS[hash(userId) % AVATAR_COLOURS.length] ?? AVATAR_COLOURS[0];
}

/** Up to two letters: the first of the first two words ("Ada Lovelace" → "AL", "ada" → "A"). */
export function initialsOf(name: string): string {
  const words = name.trim().split(/[\s_.\-]+/u).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => Array.from(w)[0] ?? '');
  return letters.join('').toLocaleUpperCase() || '?';
}

export interface AvatarProps extends Omit<ComponentProps<'span'>, 'children'> {
  userId: string;
  /** Display name: alt text of the image and source of the initials. */
  name: string;
  src?: string | null;
  /** Defaults to the name; pass "" when a visible name already sits next to the avatar. */
  alt?: string;
  size?: AvatarSize;
  status?: Status;
  statusLabels?: Partial<Record<Status, string>>;
}

export function Avatar({
  userId,
  name,
  src,
  alt,
  size = 'md',
  status,
  statusLabels,
  className,
  style,
  ...rest
}: AvatarProps) {
  const [failed, setFailed] = useState(false);
  useEffect(() => setFailed(false), [src]);

  const px = PX[size];
  const altText = alt ?? name;
  const showImage = Boolean(src) && !failed;
  const dot = Math.max(8, Math.round(px * 0.3));

  return (
    <span
      className={cn('relative inline-flex shrink-0', className)}
      style={{ width: px, height: px, ...style }}
      data-user-id={userId}
      {...rest}
    >
      {showImage ? (
        <img
          src={src ?? undefined}
          alt={altText}
          width={px}
          height={px}
          draggable={false}
          onError={() => setFailed(true)}
          className="size-full rounded-full object-cover"
        />
      ) : (
        <span
          role={altText ? 'img' : undefined}
          aria-label={altText || undefined}
          aria-hidden={altText ? undefined : true}
          className={cn(
            'flex size-full select-none items-center justify-center rounded-full font-semibold text-white',
            FONT[size],
          )}
          style={{ backgroundColor: avatarColour(userId) }}
        >
          <span aria-hidden="true">{initialsOf(name)}</span>
        </span>
      )}
      {status && (
        <span
          className="absolute -bottom-0.5 -right-0.5 inline-flex rounded-full"
          // A ring of the surface colour cuts the dot out of the avatar, as in Discord.
          style={{ padding: Math.max(2, Math.round(dot / 4)), backgroundColor: 'var(--avatar-ring, var(--color-sidebar))' }}
        >
          <StatusDot status={status} labels={statusLabels} size={dot} />
        </span>
      )}
    </span>
  );
}
