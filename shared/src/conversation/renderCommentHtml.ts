/**
 * A comment body as safe HTML, for the browser (`innerHTML` of the comment) and for emails.
 *
 * Safety does not depend on the parser being right: the tree of `commentMarkdown.ts` holds
 * plain strings, every one of which is escaped here (`& < > " '`), and the only markup written
 * is this fixed allow-list —
 *
 *     <p> <br> <strong> <em> <code> <pre> <ul> <ol start="N"> <li>
 *     <a href="(http|https|mailto URL)" rel="nofollow noopener noreferrer" target="_blank">
 *     <span class="mention" data-user-id="(16 base62 characters)">
 *
 * — with attribute values that are either constants, a number, an id checked by its schema, or
 * a URL that passed `safeLinkHref` (then escaped, never decoded). Pure: no DOM, no `node:*`.
 */
import type { UserId } from '../ids.js';
import { type CommentBlock, type CommentInline, parseCommentMarkdown } from './commentMarkdown.js';

export interface RenderCommentOptions {
  /** A colleague's name for a mention; `null`/`undefined` shows `@?` (someone no longer here). */
  readonly mentionName?: (userId: UserId) => string | null | undefined;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** The allow-listed tag names `renderCommentHtml` can produce (tests check output against it). */
export const COMMENT_HTML_TAGS = ['p', 'br', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'a', 'span'] as const;

function inlineHtml(nodes: readonly CommentInline[], options: RenderCommentOptions): string {
  let html = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        html += escapeHtml(node.text);
        break;
      case 'code':
        html += `<code>${escapeHtml(node.text)}</code>`;
        break;
      case 'strong':
        html += `<strong>${inlineHtml(node.children, options)}</strong>`;
        break;
      case 'em':
        html += `<em>${inlineHtml(node.children, options)}</em>`;
        break;
      case 'link':
        html += `<a href="${escapeHtml(node.href)}" rel="nofollow noopener noreferrer" target="_blank">${inlineHtml(node.children, options)}</a>`;
        break;
      case 'mention': {
        const name = options.mentionName?.(node.userId) ?? '?';
        html += `<span class="mention" data-user-id="${escapeHtml(node.userId)}">@${escapeHtml(name)}</span>`;
        break;
      }
      case 'break':
        html += '<br>';
        break;
    }
  }
  return html;
}

function blockHtml(block: CommentBlock, options: RenderCommentOptions): string {
  switch (block.type) {
    case 'paragraph':
      return `<p>${inlineHtml(block.children, options)}</p>`;
    case 'code_block':
      return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
    case 'list': {
      const items = block.items.map((item) => `<li>${inlineHtml(item, options)}</li>`).join('');
      if (!block.ordered) return `<ul>${items}</ul>`;
      const start = Number.isSafeInteger(block.start) && block.start !== 1 ? ` start="${block.start}"` : '';
      return `<ol${start}>${items}</ol>`;
    }
  }
}

/** The body (`commentMarkdown.ts`) as HTML made only of the allow-list above. */
export function renderCommentHtml(source: string, options: RenderCommentOptions = {}): string {
  return parseCommentMarkdown(source)
    .map((block) => blockHtml(block, options))
    .join('');
}
