// A message to bring on screen after navigating: links and searches in another conversation
// put its id in the location state ({ jumpTo }).

export function jumpTarget(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('jumpTo' in state)) return null;
  const v = (state as { jumpTo: unknown }).jumpTo;
  return typeof v === 'string' ? v : null;
}
