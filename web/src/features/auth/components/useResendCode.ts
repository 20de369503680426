// "Send a new code" on the verification screen: a new mail, then a pause before the next one
// (resends and code attempts share one small rate limit), or the server's own wait on a 429.
import { useState } from 'react';
import { toast } from '@/components/ui';
import { ApiError } from '@/lib/api/client';
import { useAuthApi } from './AuthApi';
import { describeError, isRateLimited } from './errors';
import { useCooldown } from './useCooldown';

/** Seconds before another mail may be asked for after one was sent. */
export const RESEND_PAUSE = 30;

export function useResendCode(onAlreadyVerified: () => void) {
  const auth = useAuthApi();
  const cooldown = useCooldown();
  const [sending, setSending] = useState(false);
  async function resend() {
    setSending(true);
    try {
      const { email } = await auth.resendVerificationTo();
      toast.success(`A new code is on its way to ${email}. The previous code no longer works.`);
      cooldown.start(RESEND_PAUSE);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'already_verified') {
        onAlreadyVerified();
        return;
      }
      if (isRateLimited(err)) cooldown.start(err.retryAfter ?? 60);
      toast.error(describeError(err));
    } finally {
      setSending(false);
    }
  }
  return { resend, sending, secondsLeft: cooldown.secondsLeft };
}
