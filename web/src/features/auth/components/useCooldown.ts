// A wait the user must sit out before asking again (a rate limit's Retry-After, or a pause
// after sending a mail), counted down once a second.
import { useCallback, useEffect, useState } from 'react';

export function useCooldown(now: () => number = Date.now) {
  const [until, setUntil] = useState(0);
  const [, tick] = useState(0);
  const left = Math.max(0, Math.ceil((until - now()) / 1000));
  useEffect(() => {
    if (left <= 0) return;
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [left > 0]); // eslint-disable-line react-hooks/exhaustive-deps
  const start = useCallback((seconds: number) => setUntil(now() + seconds * 1000), [now]);
  return { secondsLeft: left, start };
}
