import { en } from "@/lib/i18n/messages/en";
import type { Translate } from "@/lib/i18n/translate";

/** lib/audit/filters.ts writes its notes in English (the dictionary's `audit.notes`): their keys, to say them in the reader's language. */
const NOTE_KEYS = new Map(Object.entries(en.audit.notes).map(([k, v]) => [v as string, k as keyof typeof en.audit.notes]));

/** Notes about ignored query parameters ("The action filter was not recognised …"). */
export function AuditNotes({ notes, t }: { notes: string[]; t: Translate }) {
  if (notes.length === 0) return null;
  return (
    <ul role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      {notes.map((n) => (
        <li key={n}>{NOTE_KEYS.has(n) ? t(`audit.notes.${NOTE_KEYS.get(n)!}`) : n}</li>
      ))}
    </ul>
  );
}
