// The words for /login?oidc_error=<code>, where the server sends the browser when a sign-in
// with the provider failed (docs/API.md, GET /auth/oidc/callback).
const UNVERIFIABLE = "The provider's answer could not be checked, so you were not signed in. Try again; if it keeps happening, tell the server's admin.";

const WORDS: Record<string, string> = {
  access_denied: 'You cancelled signing in with the provider.',
  provider_error: 'The provider refused the sign-in. Try again.',
  invalid_request: 'The provider sent back an incomplete answer. Try again.',
  state_mismatch: 'That sign-in was started in another browser or tab. Start it again here.',
  state_unknown: 'That sign-in is no longer pending (it was used already, or the server restarted). Start it again.',
  state_expired: 'That sign-in took too long. Start it again.',
  provider_unavailable: 'The sign-in provider cannot be reached right now. Try again later, or log in with your password.',
  token_exchange_failed: 'The provider did not confirm the sign-in. Start it again.',
  token_malformed: UNVERIFIABLE,
  token_algorithm: UNVERIFIABLE,
  token_unknown_key: UNVERIFIABLE,
  token_signature: UNVERIFIABLE,
  token_issuer: UNVERIFIABLE,
  token_audience: UNVERIFIABLE,
  token_nonce: UNVERIFIABLE,
  token_expired: "The provider's answer had expired when it arrived. Try again.",
  token_issued_in_future: "The provider's answer is dated in the future: a clock is wrong. Tell the server's admin.",
  email_missing: 'The provider did not share an e-mail address OpenChat can use, so no account could be made.',
  email_not_verified:
    'An OpenChat account already uses that e-mail address, and the provider has not verified it. Log in with your password instead.',
  email_unavailable: 'That e-mail address belonged to a deleted account and cannot be used.',
  server_error: 'The server had a problem signing you in. Try again.',
};

export function oidcErrorMessage(code: string): string {
  return WORDS[code] ?? `Signing in with the provider failed (${code}). Try again.`;
}
