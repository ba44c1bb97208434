/**
 * The text of a document, for the full-text search (issue 7: "search across tickets, comments
 * and documents"). The search index is not built here; this module says what words a document
 * is found by.
 *
 * - Read from the bytes of the **latest version**, by its content type:
 *   `text/plain`, `text/markdown`, `text/csv` → the text (UTF-8; bytes that are not UTF-8 are
 *   read as Windows-1252, what old spreadsheets export); `text/html` → the text without tags,
 *   comments, `<script>`/`<style>` contents, with entities decoded; `application/json` → its
 *   string values and keys (a file that does not parse is taken as plain text).
 * - **Every other type** (PDF, Word, images…) is found by its title and file names only: no
 *   extractor for those formats is bundled (they need large parsers that run untrusted input;
 *   a worker process is the place for them later).
 * - Always: the title, and the file name of every version (people search "orçamento v2.pdf").
 * - The extracted content is capped at `MAX_DOCUMENT_TEXT` characters, read from at most the
 *   first `MAX_TEXT_INPUT_BYTES` of the file (`truncated` says when either cut).
 */
import type { DocumentId } from '../store/documentRecords.js';
import { latestVersion } from '../store/documentRecords.js';
import type { Store } from '../store/store.js';

/** The most content text kept per document (characters). */
export const MAX_DOCUMENT_TEXT = 200_000;
/**
 * The most bytes of a file read for its text: enough for `MAX_DOCUMENT_TEXT` characters behind
 * heavy markup. Reading all 25 MiB of an HTML page took ~1.7 s of the event loop on the dev box
 * (under load; decoding the same bytes alone: 68 ms) to keep 200,000 characters of it anyway;
 * with this cut, ~0.23 s. A JSON file cut here no longer parses and is read as plain text.
 */
export const MAX_TEXT_INPUT_BYTES = 4 * 1024 * 1024;

export const TEXT_CONTENT_TYPES = ['text/plain', 'text/markdown', 'text/csv', 'text/html', 'application/json'] as const;

/** What reads a version's bytes: the file vault (`mail/attachmentFiles.ts` `AttachmentFiles`). */
export interface VaultReader {
  read(sha256: string): Promise<Uint8Array | null>;
}

export interface ExtractedText {
  readonly text: string;
  /** `content`: the bytes were read; `name_only`: a type without an extractor. */
  readonly source: 'content' | 'name_only';
  readonly truncated: boolean;
}

/** Windows-1252's 0x80–0x9F (where it differs from Latin-1); undefined bytes stay as U+0080… */
const CP1252_HIGH =
  '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Windows-1252, by hand: Node's `TextDecoder('windows-1252')` decodes it as Latin-1 (no €). */
function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = decodeWindows1252(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', laquo: '«', raquo: '»', ldquo: '“', rdquo: '”', lsquo: '‘',
  rsquo: '’', bull: '•', middot: '·', deg: '°', ordf: 'ª', ordm: 'º', euro: '€', sect: '§',
  aacute: 'á', Aacute: 'Á', eacute: 'é', Eacute: 'É', iacute: 'í', Iacute: 'Í', oacute: 'ó',
  Oacute: 'Ó', uacute: 'ú', Uacute: 'Ú', agrave: 'à', Agrave: 'À', acirc: 'â', Acirc: 'Â',
  ecirc: 'ê', Ecirc: 'Ê', ocirc: 'ô', Ocirc: 'Ô', atilde: 'ã', Atilde: 'Ã', otilde: 'õ',
  Otilde: 'Õ', ccedil: 'ç', Ccedil: 'Ç', uuml: 'ü', Uuml: 'Ü', ntilde: 'ñ', Ntilde: 'Ñ',
};

/** Decodes `&name;`, `&#123;` and `&#x1F600;`; unknown or invalid references stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

const BLOCK_TAGS = /<\/?(?:p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|section|article|header|footer|blockquote|pre|hr)\b[^>]*>/gi;

/** The text a reader sees in an HTML page: no tags, comments, scripts or styles; entities decoded. */
export function htmlToText(html: string): string {
  const withoutHidden = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<(script|style|template|noscript)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ')
    .replace(/<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g, ' ');
  const withoutTags = withoutHidden.replace(BLOCK_TAGS, '\n').replace(/<\/?[a-z!?][^>]*>/gi, ' ');
  return collapse(decodeEntities(withoutTags));
}

/** The string values and keys of a JSON document, one per line; `null` when it does not parse. */
export function jsonToText(json: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next === 'string') out.push(next);
    else if (typeof next === 'number' || typeof next === 'boolean') out.push(String(next));
    else if (Array.isArray(next)) for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
    else if (next !== null && typeof next === 'object') {
      const entries = Object.entries(next);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, inner] = entries[i] as [string, unknown];
        stack.push(inner, key);
      }
    }
  }
  return out.join('\n');
}

function collapse(text: string): string {
  return text
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}

function cap(text: string): { text: string; truncated: boolean } {
  if (text.length <= MAX_DOCUMENT_TEXT) return { text, truncated: false };
  // Do not cut a surrogate pair in two.
  let end = MAX_DOCUMENT_TEXT;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), truncated: true };
}

/** Whether files of `contentType` have their content indexed (else title and names only). */
export function hasTextExtractor(contentType: string): boolean {
  return (TEXT_CONTENT_TYPES as readonly string[]).includes(contentType);
}

/** The searchable text of one file's bytes. */
export function extractText(contentType: string, bytes: Uint8Array): ExtractedText {
  if (!hasTextExtractor(contentType)) return { text: '', source: 'name_only', truncated: false };
  const cut = bytes.length > MAX_TEXT_INPUT_BYTES;
  const raw = decodeText(cut ? bytes.subarray(0, utf8Boundary(bytes, MAX_TEXT_INPUT_BYTES)) : bytes);
  let text: string;
  if (contentType === 'text/html') text = htmlToText(raw);
  else if (contentType === 'application/json') text = jsonToText(raw) ?? raw;
  else text = raw.replace(/\r\n?/g, '\n');
  const capped = cap(text);
  return { source: 'content', text: capped.text, truncated: capped.truncated || cut };
}

/** `limit`, moved back so a UTF-8 sequence is not cut in two (continuation bytes are 10xxxxxx). */
function utf8Boundary(bytes: Uint8Array, limit: number): number {
  let end = limit;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return end;
}

export interface DocumentSearchText {
  readonly documentId: DocumentId;
  readonly agencyId: string;
  readonly clientId: string;
  readonly boardId: string | null;
  readonly ticketIds: readonly string[];
  readonly category: string;
  readonly archived: boolean;
  readonly title: string;
  /** The title, every version's file name (newest first), then the latest version's content. */
  readonly text: string;
  readonly source: ExtractedText['source'];
  readonly truncated: boolean;
}

/**
 * What the search index keeps for a document, read from the store and the vault now; `null`
 * when there is no such document. A version whose bytes are missing from the vault (a restored
 * backup without files) is indexed by names only.
 */
export async function documentSearchText(store: Store, vault: VaultReader, documentId: DocumentId): Promise<DocumentSearchText | null> {
  const document = await store.documents.get(documentId);
  if (document === null) return null;
  const latest = latestVersion(document);
  let extracted: ExtractedText = { text: '', source: 'name_only', truncated: false };
  if (hasTextExtractor(latest.contentType)) {
    const bytes = await vault.read(latest.sha256);
    if (bytes !== null) extracted = extractText(latest.contentType, bytes);
  }
  const names = [...new Set(document.versions.map((v) => v.name).reverse())];
  return {
    documentId: document.id,
    agencyId: document.agencyId,
    clientId: document.clientId,
    boardId: document.boardId,
    ticketIds: [...document.ticketIds],
    category: document.category,
    archived: document.archived,
    title: document.title,
    text: [document.title, ...names, extracted.text].filter((part) => part !== '').join('\n'),
    source: extracted.source,
    truncated: extracted.truncated,
  };
}
