/**
 * The restricted markdown of comments, parsed into a small tree that renderers walk
 * (`renderCommentHtml.ts` for the browser and email HTML, `commentPlainText.ts` for email text
 * and notification excerpts). Nothing here produces HTML: the tree holds plain strings, and
 * each renderer escapes them — so no input can smuggle markup through the parser.
 *
 * The subset (everything else is plain text, shown as typed):
 *
 *     paragraphs      separated by a blank line; a single newline is a line break
 *     - item          bulleted list (also `*` and `+`), one level; indented lines continue an item
 *     1. item         numbered list (also `1)`); the first number is kept
 *     ```             fenced code block (also ~~~), shown verbatim
 *     `code`          inline code, verbatim
 *     **bold**        also __bold__
 *     *italic*        also _italic_ (not inside words: snake_case_names stay as they are)
 *     [text](url)     a link, only for http:, https: and mailto: URLs (`safeLinkHref`)
 *     https://…       a bare http(s) URL becomes a link
 *     <@USERID>       a mention of a colleague, by id (the composer writes it, names are looked
 *                     up when shown)
 *     \*              a backslash before punctuation shows the punctuation
 *
 * No images, HTML, headings, tables or nested links: a comment is a message, not a page.
 *
 * Cost is linear in the input: every search for a closing delimiter is cached (a failed search
 * is never repeated for the same delimiter), and nesting stops at `MAX_INLINE_DEPTH`, so a body
 * of `MAX_COMMENT_LENGTH` stars or brackets parses as quickly as prose.
 */
import { type UserId, userIdSchema } from '../ids.js';

export type CommentInline =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'code'; readonly text: string }
  | { readonly type: 'strong'; readonly children: readonly CommentInline[] }
  | { readonly type: 'em'; readonly children: readonly CommentInline[] }
  | { readonly type: 'link'; readonly href: string; readonly children: readonly CommentInline[] }
  | { readonly type: 'mention'; readonly userId: UserId }
  | { readonly type: 'break' };

export type CommentBlock =
  | { readonly type: 'paragraph'; readonly children: readonly CommentInline[] }
  | {
      readonly type: 'list';
      readonly ordered: boolean;
      /** The first item's number for an ordered list (1 unless written otherwise). */
      readonly start: number;
      readonly items: readonly (readonly CommentInline[])[];
    }
  | { readonly type: 'code_block'; readonly text: string };

/** Bold inside italic inside a link…: deeper than this, delimiters are plain text. */
export const MAX_INLINE_DEPTH = 4;
/** Longest URL that becomes a link; a longer one stays text. */
export const MAX_LINK_LENGTH = 2_048;

// A link's host: DNS labels (letters of any script, digits, inner hyphens) or an IPv6 literal,
// then an optional numeric port — no user-info (`https://bank.test@evil.test`). After it, only
// characters that need no quoting: no whitespace, controls, quotes, angle or square brackets,
// braces, backticks, pipes, carets or backslashes (browsers read `\` as `/` in http URLs).
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?`;
const HOST = String.raw`(?:${LABEL}(?:\.${LABEL})*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?`;
const URL_CHAR = String.raw`[^\s\u0000-\u001F\u007F<>"'\u0060\\\[\]{}|^]`;
const HTTP_URL = new RegExp(String.raw`^https?://${HOST}(?:[/?#]${URL_CHAR}*)?$`, 'iu');
const MAILTO_URL = new RegExp(String.raw`^mailto:[^\s\u0000-\u001F\u007F<>"'\u0060\\/?#@:\[\]]+@${HOST}(?:\?${URL_CHAR}*)?$`, 'iu');
/** A bare URL in text, matched where it starts (sticky). */
const AUTOLINK = new RegExp(String.raw`https?://${HOST}(?:[/?#]${URL_CHAR}*)?`, 'iuy');

/**
 * `raw` if it is a URL a comment may link to — `http:`/`https:` with a host, or
 * `mailto:someone@somewhere` — else `null`. The scheme is checked on the exact string the
 * browser will see (renderers escape but never decode it), so `javascript:`, `data:`,
 * `vbscript:`, entity- or whitespace-disguised schemes and relative URLs never pass.
 */
export function safeLinkHref(raw: string): string | null {
  if (raw.length === 0 || raw.length > MAX_LINK_LENGTH) return null;
  return HTTP_URL.test(raw) || MAILTO_URL.test(raw) ? raw : null;
}

/** How a mention is written in a body. */
export function mentionToken(userId: UserId): string {
  return `<@${userId}>`;
}

const MENTION = /^<@([0-9A-Za-z]{16})>/;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const isWordChar = (c: string | undefined) => c !== undefined && WORD_CHAR.test(c);
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

/** `indexOf` with memory: a search is never repeated over the same stretch of text. */
class Finder {
  readonly #text: string;
  readonly #cache = new Map<string, { from: number; at: number }>();

  constructor(text: string) {
    this.#text = text;
  }

  /** First index ≥ `from` where `needle` starts and ends by `end`; -1 if none. */
  next(needle: string, from: number, end: number): number {
    const hit = this.#cache.get(needle);
    let at: number;
    if (hit && from >= hit.from && (hit.at === -1 || from <= hit.at)) at = hit.at;
    else {
      at = this.#text.indexOf(needle, from);
      this.#cache.set(needle, { from, at });
    }
    return at !== -1 && at + needle.length <= end ? at : -1;
  }
}

class InlineParser {
  readonly #text: string;
  readonly #find: Finder;

  constructor(text: string) {
    this.#text = text;
    this.#find = new Finder(text);
  }

  parse(start: number, end: number, depth: number, links: boolean): CommentInline[] {
    const text = this.#text;
    const out: CommentInline[] = [];
    let buffer = '';
    const flush = () => {
      if (buffer.length > 0) out.push({ type: 'text', text: buffer });
      buffer = '';
    };
    const push = (node: CommentInline) => {
      flush();
      out.push(node);
    };

    let i = start;
    while (i < end) {
      const c = text[i] as string;

      if (c === '\\' && i + 1 < end && ASCII_PUNCTUATION.test(text[i + 1] as string)) {
        buffer += text[i + 1];
        i += 2;
        continue;
      }
      if (c === '\n') {
        push({ type: 'break' });
        i++;
        continue;
      }
      if (c === '`') {
        let run = 1;
        while (i + run < end && text[i + run] === '`') run++;
        const fence = '`'.repeat(run);
        const close = this.#find.next(fence, i + run, end);
        if (close !== -1 && text[close + run] !== '`') {
          let code = text.slice(i + run, close).replace(/\n/g, ' ');
          if (code.length >= 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
          push({ type: 'code', text: code });
          i = close + run;
        } else {
          buffer += fence;
          i += run;
        }
        continue;
      }
      if ((c === '*' || c === '_') && depth < MAX_INLINE_DEPTH) {
        let run = 1;
        while (i + run < end && text[i + run] === c) run++;
        const node = this.#emphasis(c, run, i, end, depth, links);
        if (node) {
          push(node.node);
          i = node.next;
        } else {
          buffer += c.repeat(run);
          i += run;
        }
        continue;
      }
      if (c === '[' && links && depth < MAX_INLINE_DEPTH) {
        const link = this.#link(i, end, depth);
        if (link) {
          push(link.node);
          i = link.next;
        } else {
          buffer += c;
          i++;
        }
        continue;
      }
      if (c === '<') {
        const mention = MENTION.exec(text.slice(i, Math.min(end, i + 19)));
        const id = mention ? userIdSchema.safeParse(mention[1]) : null;
        if (id?.success) {
          push({ type: 'mention', userId: id.data });
          i += 19;
        } else {
          buffer += c;
          i++;
        }
        continue;
      }
      if ((c === 'h' || c === 'H') && links && !isWordChar(text[i - 1])) {
        const auto = this.#autolink(i, end);
        if (auto?.href) {
          push({ type: 'link', href: auto.href, children: [{ type: 'text', text: auto.href }] });
          i += auto.href.length;
          continue;
        }
        if (auto) {
          // Looked like a URL but is not a safe one: the whole stretch stays text (and is not
          // scanned again, which keeps the parse linear).
          buffer += text.slice(i, auto.end);
          i = auto.end;
          continue;
        }
      }
      buffer += c;
      i++;
    }
    flush();
    return out;
  }

  /** `**…**` / `__…__` (run ≥ 2) or `*…*` / `_…_` starting at `i`, if it closes by `end`. */
  #emphasis(
    c: string,
    run: number,
    i: number,
    end: number,
    depth: number,
    links: boolean,
  ): { node: CommentInline; next: number } | null {
    const text = this.#text;
    if (c === '_' && isWordChar(text[i - 1])) return null;
    if (run > 2) return null; // `***` and longer: plain text (keeps the subset predictable)
    const width = run === 2 ? 2 : 1;
    const delimiter = c.repeat(width);
    const open = i + width;
    const close = this.#find.next(delimiter, open, end);
    if (close === -1 || close === open) return null;
    if (isSpace(text[open]) || isSpace(text[close - 1])) return null;
    if (text[close - 1] === '\\') return null;
    if (text[close + width] === c) return null; // closing run longer than the opening one
    if (c === '_' && isWordChar(text[close + width])) return null;
    const children = this.parse(open, close, depth + 1, links);
    return { node: { type: width === 2 ? 'strong' : 'em', children }, next: close + width };
  }

  /** `[text](url)` at `i`, with a safe URL and non-empty text. */
  #link(i: number, end: number, depth: number): { node: CommentInline; next: number } | null {
    const text = this.#text;
    const closeBracket = this.#find.next(']', i + 1, end);
    if (closeBracket === -1 || closeBracket === i + 1 || text[closeBracket + 1] !== '(') return null;
    const closeParen = this.#find.next(')', closeBracket + 2, end);
    if (closeParen === -1) return null;
    const href = safeLinkHref(text.slice(closeBracket + 2, closeParen).trim());
    if (href === null) return null;
    const children = this.parse(i + 1, closeBracket, depth + 1, false);
    return { node: { type: 'link', href, children }, next: closeParen + 1 };
  }

  /**
   * A bare `http(s)://…` at `i`: `null` if the text does not start like one; otherwise where the
   * URL-like stretch ends and, if it is a safe URL, the link (trailing punctuation left out).
   */
  #autolink(i: number, end: number): { href: string | null; end: number } | null {
    const text = this.#text;
    const head = text.slice(i, Math.min(end, i + 8)).toLowerCase();
    if (!head.startsWith('http://') && !head.startsWith('https://')) return null;
    AUTOLINK.lastIndex = i;
    const match = AUTOLINK.exec(text);
    if (!match) {
      // "http://" without a host: the scheme is text.
      return { href: null, end: i + (head.startsWith('https') ? 8 : 7) };
    }
    const stop = Math.min(end, i + match[0].length);
    if (stop - i > MAX_LINK_LENGTH) return { href: null, end: stop };
    let url = text.slice(i, stop);
    // Trailing punctuation belongs to the sentence; a closing parenthesis only if unbalanced.
    for (;;) {
      const last = url[url.length - 1];
      if (last !== undefined && '.,:;!?*_'.includes(last)) url = url.slice(0, -1);
      else if (last === ')' && (url.match(/\)/g)?.length ?? 0) > (url.match(/\(/g)?.length ?? 0)) url = url.slice(0, -1);
      else break;
    }
    return { href: safeLinkHref(url), end: stop };
  }
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})[^`]*$/;
const BULLET_ITEM = /^ {0,3}[-*+][ \t]+(.*)$/;
const ORDERED_ITEM = /^ {0,3}(\d{1,9})[.)][ \t]+(.*)$/;
const isBlank = (line: string) => line.trim() === '';

/** The body's blocks. Accepts anything: what is not the subset is text. */
export function parseCommentMarkdown(source: string): CommentBlock[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: CommentBlock[] = [];
  const inline = (text: string) => new InlineParser(text).parse(0, text.length, 0, true);

  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (isBlank(line)) {
      i++;
      continue;
    }

    const fence = FENCE_OPEN.exec(line);
    if (fence) {
      const marker = fence[1] as string;
      const closing = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
      const body: string[] = [];
      i++;
      while (i < lines.length && !closing.test(lines[i] as string)) body.push(lines[i++] as string);
      i++; // the closing fence (or the end)
      blocks.push({ type: 'code_block', text: body.join('\n') });
      continue;
    }

    const bullet = BULLET_ITEM.exec(line);
    const numbered = bullet ? null : ORDERED_ITEM.exec(line);
    if (bullet || numbered) {
      const ordered = numbered !== null;
      const pattern = ordered ? ORDERED_ITEM : BULLET_ITEM;
      const items: string[] = [];
      while (i < lines.length) {
        const current = lines[i] as string;
        const item = pattern.exec(current);
        if (item) {
          items.push((ordered ? item[2] : item[1]) as string);
          i++;
          continue;
        }
        if (!isBlank(current) && /^[ \t]/.test(current) && !FENCE_OPEN.test(current) && items.length > 0) {
          items[items.length - 1] += `\n${current.trim()}`;
          i++;
          continue;
        }
        // A blank line inside a list: the list goes on if the next line is another item.
        if (isBlank(current) && i + 1 < lines.length && pattern.test(lines[i + 1] as string)) {
          i++;
          continue;
        }
        break;
      }
      const start = numbered ? Number(numbered[1]) : 1;
      blocks.push({ type: 'list', ordered, start, items: items.map(inline) });
      continue;
    }

    const paragraph: string[] = [line];
    i++;
    while (i < lines.length) {
      const next = lines[i] as string;
      if (isBlank(next) || FENCE_OPEN.test(next) || BULLET_ITEM.test(next)) break;
      const numberedNext = ORDERED_ITEM.exec(next);
      if (numberedNext && numberedNext[1] === '1') break; // only "1." interrupts a paragraph
      paragraph.push(next);
      i++;
    }
    blocks.push({ type: 'paragraph', children: inline(paragraph.join('\n')) });
  }
  return blocks;
}

function collectMentions(nodes: readonly CommentInline[], into: UserId[]): void {
  for (const node of nodes) {
    if (node.type === 'mention') {
      if (!into.includes(node.userId)) into.push(node.userId);
    } else if (node.type === 'strong' || node.type === 'em' || node.type === 'link') {
      collectMentions(node.children, into);
    }
  }
}

/** The people a body mentions, in order of first mention, without duplicates (code excluded). */
export function extractMentions(source: string): UserId[] {
  const mentions: UserId[] = [];
  for (const block of parseCommentMarkdown(source)) {
    if (block.type === 'paragraph') collectMentions(block.children, mentions);
    else if (block.type === 'list') for (const item of block.items) collectMentions(item, mentions);
  }
  return mentions;
}
