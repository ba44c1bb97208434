/**
 * Mentions between what a person types and what is stored.
 *
 * A stored body names colleagues by id (`<@USERID>`, `mentionToken` in
 * shared/src/conversation/commentMarkdown.ts) so a rename never rewrites a comment. People
 * should not have to read or type ids, so the composer shows `@Name`:
 *
 * - `activeMentionQuery` — while typing `@Pa|`, the partial name before the caret (the
 *   autocomplete lists who matches);
 * - `tokenizeMentions` — on send, every `@Name` of a colleague becomes their token. Only whole
 *   names (not followed by a letter or digit), longest names first (`@Ana Paula` before `@Ana`);
 *   the people picked from the list win over namesakes; text inside `code` is left alone;
 * - `displayMentions` — when editing, tokens become `@Name` again, unless the name is unknown or
 *   shared by two people (then the token stays, so saving cannot change whom it names).
 */
import { mentionToken } from '@fluxo/shared/conversation/commentMarkdown';
import type { UserId } from '@fluxo/shared/ids';
import type { Role } from '@fluxo/shared/roles';

export interface MentionPerson {
  readonly id: UserId;
  readonly name: string;
  readonly role?: Role;
}

/** Longest partial name the autocomplete follows after `@`. */
const MAX_QUERY = 40;
const QUERY_BEFORE_CARET = new RegExp(String.raw`(?:^|[\s(])@([\p{L}\p{N}._'-]*(?: [\p{L}\p{N}._'-]+)?)$`, 'u');

/** `@` + the partial name right before `caret`, or `null` when the caret is not in one. */
export function activeMentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(Math.max(0, caret - MAX_QUERY - 2), caret);
  const match = QUERY_BEFORE_CARET.exec(before);
  if (!match) return null;
  const query = match[1] ?? '';
  if (query.length > MAX_QUERY) return null;
  return { start: caret - query.length - 1, query };
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase();

/** People whose name (or a word of it) starts with `query`, accents and case ignored. */
export function matchPeople<P extends MentionPerson>(people: readonly P[], query: string, limit = 8): P[] {
  const wanted = fold(query.trim());
  return people
    .filter((person) => {
      if (wanted === '') return true;
      const name = fold(person.name);
      return name.startsWith(wanted) || name.split(/\s+/).some((word) => word.startsWith(wanted));
    })
    .slice(0, limit);
}

/** `text` with `@query` at `start` replaced by `@Name `; the caret goes after it. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const after = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, start) + inserted + after, caret: start + inserted.length };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Fenced code blocks and inline code spans, kept apart so mentions inside them stay text. */
const CODE = /(```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)|`[^`\n]*`)/;

/** `@Name` of each person → `<@id>`, outside code. `people` earlier in the list win namesakes. */
export function tokenizeMentions(text: string, people: readonly MentionPerson[]): string {
  const byName = new Map<string, UserId>();
  for (const person of people) {
    const name = person.name.trim();
    if (name !== '' && !byName.has(name)) byName.set(name, person.id);
  }
  if (byName.size === 0) return text;
  const names = [...byName.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(String.raw`(^|[^\p{L}\p{N}_@<])@(${names.join('|')})(?![\p{L}\p{N}_])`, 'gu');
  return text
    .split(CODE)
    .map((part, index) =>
      index % 2 === 1 ? part : part.replace(pattern, (_all, lead: string, name: string) => lead + mentionToken(byName.get(name) as UserId)),
    )
    .join('');
}

const TOKEN = /<@([0-9A-Za-z]{16})>/g;

/**
 * Tokens → `@Name` for editing. `nameOf` gives the current name; a name two people share (in
 * `people`) keeps the token, as does an unknown id.
 */
export function displayMentions(
  body: string,
  nameOf: (id: UserId) => string | null | undefined,
  people: readonly MentionPerson[],
): string {
  const counts = new Map<string, number>();
  for (const person of people) counts.set(person.name.trim(), (counts.get(person.name.trim()) ?? 0) + 1);
  return body
    .split(CODE)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part.replace(TOKEN, (token, id: string) => {
            const name = nameOf(id as UserId)?.trim();
            if (!name || (counts.get(name) ?? 0) > 1) return token;
            return `@${name}`;
          }),
    )
    .join('');
}
