// ?next= travels between the account screens (login ↔ register), so every way through them
// ends on the page the user first asked for.
export function withNext(path: string, next: string | null): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}
