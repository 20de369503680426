// "Ada is typing…" under the composer, in a strip of fixed height so nothing moves when it
// comes and goes. The typing store expires silent typists; this only names the rest.
import { useStore } from 'zustand';
import { useSession } from '@/app/session';
import { typingText, typists } from '@/features/chat/typing/store';
import { type Lookup, nameOf } from '../hooks/useDirectory';

/** The words for these names: the typing store's up to three, then "Several people". */
export function typingWords(names: string[]): string {
  return names.length > 3 ? 'Several people are typing…' : typingText(names);
}

export function TypingIndicator({ conversationKey, lookup }: { conversationKey: string; lookup: Lookup }) {
  const { typing, me } = useSession();
  // The map itself is the snapshot (a new one on each change): no array per render.
  const users = useStore(typing, (s) => s.byConversation[conversationKey]);
  const ids = users ? typists({ byConversation: { [conversationKey]: users } }, conversationKey, me.id, Date.now()) : [];
  const names = ids.map((id) => nameOf(lookup(id)));
  const words = typingWords(names);

  return (
    <div className="flex h-6 shrink-0 items-center gap-1.5 overflow-hidden px-4 text-xs text-normal" role="status">
      {words && (
        <>
          <span aria-hidden="true" className="flex items-center gap-0.5">
            {[0, 1, 2].map((i) => (
              <span
                key={i}
                className="size-1.5 animate-bounce rounded-full bg-current opacity-70"
                style={{ animationDelay: `${i * 150}ms`, animationDuration: '1s' }}
              />
            ))}
          </span>
          <span className="truncate">{renderBold(words, names)}</span>
        </>
      )}
    </div>
  );
}

/** Names in bold, as Discord shows them; the text read out stays the same. */
function renderBold(words: string, names: string[]) {
  if (names.length === 0 || names.length > 3) return words;
  const parts: Array<string | { name: string }> = [];
  let rest = words;
  for (const name of names) {
    const i = rest.indexOf(name);
    if (i < 0) continue;
    if (i > 0) parts.push(rest.slice(0, i));
    parts.push({ name });
    rest = rest.slice(i + name.length);
  }
  parts.push(rest);
  return parts.map((p, i) =>
    typeof p === 'string' ? p : <strong key={i} className="font-bold text-heading">{p.name}</strong>,
  );
}
