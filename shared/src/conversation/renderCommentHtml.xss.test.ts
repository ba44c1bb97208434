// @vitest-environment jsdom
/**
 * The XSS corpus (`../testing/xssCorpus.ts`, shared with every other surface's XSS test): every
 * payload, in several markdown contexts, is rendered and then parsed by a
 * real HTML parser (jsdom's, which follows the HTML standard like a browser's); the resulting
 * tree may hold only the allow-listed elements and attributes of `renderCommentHtml.ts`, links
 * only to http:, https: and mailto:. The checker itself is tested on known-bad HTML first, so
 * this test can fail.
 *
 * `shared` compiles without the DOM library, so the few DOM calls used are typed locally.
 */
import { describe, expect, it } from 'vitest';
import { mentionToken } from './commentMarkdown.js';
import { XSS_PAYLOADS } from '../testing/xssCorpus.js';
import { COMMENT_HTML_TAGS, renderCommentHtml } from './renderCommentHtml.js';

interface MiniAttribute {
  readonly name: string;
  readonly value: string;
}
interface MiniElement {
  readonly localName: string;
  readonly namespaceURI: string | null;
  readonly attributes: ArrayLike<MiniAttribute>;
  readonly protocol?: string;
  getAttribute(name: string): string | null;
}
interface MiniTemplate {
  innerHTML: string;
  readonly content: { querySelectorAll(selector: string): ArrayLike<MiniElement> };
}
interface MiniDocument {
  createElement(name: 'template'): MiniTemplate;
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const ALLOWED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href', 'rel', 'target'],
  span: ['class', 'data-user-id'],
  ol: ['start'],
};
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

function parse(html: string): MiniElement[] {
  const document = (globalThis as unknown as { document: MiniDocument }).document;
  const template = document.createElement('template');
  template.innerHTML = html;
  return Array.from(template.content.querySelectorAll('*'));
}

/** What is wrong with `html` as a comment rendering; empty when it is inert. */
function violations(html: string): string[] {
  const found: string[] = [];
  for (const element of parse(html)) {
    const tag = element.localName;
    if (element.namespaceURI !== HTML_NS) found.push(`foreign element <${tag}>`);
    if (!(COMMENT_HTML_TAGS as readonly string[]).includes(tag)) found.push(`element <${tag}>`);
    const allowed = ALLOWED_ATTRIBUTES[tag] ?? [];
    for (const { name, value } of Array.from(element.attributes)) {
      if (!allowed.includes(name)) found.push(`attribute ${name} on <${tag}>`);
      if (/^on/i.test(name) || name === 'style' || name === 'srcdoc') found.push(`dangerous attribute ${name}=${value}`);
    }
    if (tag === 'a') {
      const href = element.getAttribute('href') ?? '';
      if (!SAFE_PROTOCOLS.has(element.protocol ?? '')) found.push(`link to ${element.protocol ?? '?'} (${href})`);
      if (/^\s*(javascript|data|vbscript|file):/i.test(href)) found.push(`link ${href}`);
      if (element.getAttribute('rel') !== 'nofollow noopener noreferrer') found.push('link without rel');
      if (element.getAttribute('target') !== '_blank') found.push('link target');
    }
    if (tag === 'span') {
      if (element.getAttribute('class') !== 'mention') found.push('span class');
      if (!/^[0-9A-Za-z]{16}$/.test(element.getAttribute('data-user-id') ?? '')) found.push('span user id');
    }
    if (tag === 'ol' && element.getAttribute('start') !== null && !/^\d+$/.test(element.getAttribute('start') ?? '')) {
      found.push('ol start');
    }
  }
  return found;
}

const PAYLOADS = XSS_PAYLOADS;

/** Each payload alone and inside the constructs a renderer might treat differently. */
const CONTEXTS: readonly [string, (payload: string) => string][] = [
  ['alone', (p) => p],
  ['bold', (p) => `**${p}**`],
  ['list item', (p) => `- ${p}\n- fim`],
  ['link text', (p) => `[${p}](https://ok.test)`],
  ['link URL', (p) => `[ok](${p})`],
  ['after a mention', (p) => `${mentionToken('AAAAAAAAAAAAAAAA' as never)} ${p}`],
];

describe('renderCommentHtml: XSS corpus', () => {
  it('has at least 150 distinct payloads', () => {
    expect(new Set(PAYLOADS).size).toBe(PAYLOADS.length);
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(150);
  });

  it('catches unsafe HTML (the checker works)', () => {
    expect(violations('<p>ok <strong>fine</strong></p>')).toEqual([]);
    expect(violations('<a href="https://ok.test" rel="nofollow noopener noreferrer" target="_blank">x</a>')).toEqual([]);
    for (const unsafe of [
      '<img src=x onerror=alert(1)>',
      '<p onclick="x">a</p>',
      '<a href="javascript:alert(1)" rel="nofollow noopener noreferrer" target="_blank">x</a>',
      '<a href="&#106;avascript:alert(1)" rel="nofollow noopener noreferrer" target="_blank">x</a>',
      '<svg><a>x</a></svg>',
      '<span class="mention" data-user-id="x" style="color:red">@x</span>',
      '<script>alert(1)</script>',
    ]) {
      expect(violations(unsafe), unsafe).not.toEqual([]);
    }
  });

  for (const [context, wrap] of CONTEXTS) {
    it(`renders every payload inert: ${context}`, () => {
      for (const payload of PAYLOADS) {
        const html = renderCommentHtml(wrap(payload), { mentionName: () => '"><img src=x onerror=alert(1)>' });
        expect(violations(html), `${JSON.stringify(payload)} → ${html}`).toEqual([]);
        expect(html).not.toMatch(/<(script|img|svg|iframe|style|math|object|embed)\b/i);
      }
    });
  }

  it('still links what is safe next to what is not', () => {
    const html = renderCommentHtml('[ok](https://ok.test) [bad](javascript:alert(1)) https://ok.test/"><b>');
    const links = parse(html).filter((e) => e.localName === 'a');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://ok.test', 'https://ok.test/']);
  });
});
