/**
 * A comment body as plain text: the text part of emails and the excerpt a notification carries.
 * Markup characters of the subset disappear (bold is just the words), links keep their URL in
 * parentheses, mentions read `@Name`, code stays verbatim. The result is not HTML: whoever puts
 * it into HTML escapes it.
 */
import type { UserId } from '../ids.js';
import { type CommentBlock, type CommentInline, parseCommentMarkdown } from './commentMarkdown.js';

export interface PlainTextOptions {
  readonly mentionName?: (userId: UserId) => string | null | undefined;
}

function inlineText(nodes: readonly CommentInline[], options: PlainTextOptions): string {
  let text = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
      case 'code':
        text += node.text;
        break;
      case 'strong':
      case 'em':
        text += inlineText(node.children, options);
        break;
      case 'link': {
        const label = inlineText(node.children, options);
        const shown = node.href.toLowerCase().startsWith('mailto:') ? node.href.slice('mailto:'.length) : node.href;
        text += label === node.href || label === shown ? label : `${label} (${shown})`;
        break;
      }
      case 'mention':
        text += `@${options.mentionName?.(node.userId) ?? '?'}`;
        break;
      case 'break':
        text += '\n';
        break;
    }
  }
  return text;
}

function blockText(block: CommentBlock, options: PlainTextOptions): string {
  switch (block.type) {
    case 'paragraph':
      return inlineText(block.children, options);
    case 'code_block':
      return block.text
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n');
    case 'list':
      return block.items
        .map((item, index) => {
          const marker = block.ordered ? `${block.start + index}. ` : '- ';
          return marker + inlineText(item, options).replace(/\n/g, `\n${' '.repeat(marker.length)}`);
        })
        .join('\n');
  }
}

/** The whole body as plain text, blocks separated by a blank line. */
export function commentPlainText(source: string, options: PlainTextOptions = {}): string {
  return parseCommentMarkdown(source)
    .map((block) => blockText(block, options))
    .join('\n\n');
}

/**
 * A one-line excerpt of at most `maxLength` characters (whitespace collapsed; cut at a word
 * boundary when there is one near the end, with `…`).
 */
export function commentExcerpt(source: string, maxLength: number, options: PlainTextOptions = {}): string {
  const flat = commentPlainText(source, options).replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  const room = Math.max(1, maxLength - 1);
  const cut = flat.slice(0, room);
  const space = flat[room] === ' ' ? room : cut.lastIndexOf(' ');
  return `${(space > room * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
