import { type Accessor, createMemo } from 'solid-js';
import type { DocumentView } from '../data/documents';

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * A list of documents for `<For>`, keyed by id: `ids` changes only when documents come or go, and
 * `byId` gives each one's current version. A refetched list is made of new objects; rendering
 * those directly would rebuild every row — and a new-version form open in one, with what the
 * person typed and the outcome it shows, would vanish.
 */
export function documentRows(list: Accessor<readonly DocumentView[] | undefined>) {
  const ids = createMemo(() => (list() ?? []).map((d) => d.id as string), [], { equals: sameIds });
  const byId = createMemo(() => new Map((list() ?? []).map((d) => [d.id as string, d])));
  return { ids, document: (id: string) => byId().get(id) };
}
