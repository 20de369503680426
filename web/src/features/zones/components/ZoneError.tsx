// What a zone screen says when its zone cannot be shown: gone, not a member, or a failure.
import { Link } from 'react-router';
import { ApiError, errorMessage } from '@/lib/api/client';
import { cn } from '@/components/ui';
import { paths } from '@/app/paths';

export function zoneErrorText(err: unknown): string {
  if (err instanceof ApiError && (err.code === 'zone_not_found' || err.status === 404)) {
    return 'This zone does not exist, or you are not a member of it any more.';
  }
  return `The zone could not be loaded. ${errorMessage(err)}`;
}

export function ZoneError({ error, className }: { error: unknown; className?: string }) {
  return (
    <div role="alert" className={cn('flex flex-col items-start gap-2 p-4 text-sm text-normal', className)}>
      <p>{zoneErrorText(error)}</p>
      <Link to={paths.friends} className="text-link hover:underline focus-visible:outline-2 focus-visible:outline-focus">
        Back to friends
      </Link>
    </div>
  );
}
