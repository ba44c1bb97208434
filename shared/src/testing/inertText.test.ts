// @vitest-environment jsdom
/** The plain-text checker fails on known-bad renders before any surface relies on it passing. */
import { describe, expect, it } from 'vitest';
import { type DomRoot, inertTextViolations, parsedHtmlText, renderedText, surfaceShape } from './inertText.js';
import { MARKUP_PAYLOADS, PLAIN_TEXT_PAYLOADS, XSS_PAYLOADS, payloadsFitting } from './xssCorpus.js';

interface MiniTemplate {
  innerHTML: string;
  readonly content: DomRoot;
}

function parse(html: string): DomRoot {
  const document = (globalThis as unknown as { document: { createElement(name: 'template'): MiniTemplate } }).document;
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

const BASELINE = parse(
  '<article aria-label="marcador"><p class="title">marcador</p><a href="https://ok.test/t/1">abrir</a>' +
    '<img src="/logo.png" alt=""><input value="marcador"><div class="comment-body"><p>marcador</p></div></article>',
);
const RICH = { selector: '.comment-body', allowed: { p: [], strong: [], a: ['href'] } };

function withTitle(title: string, extra = ''): DomRoot {
  return parse(
    `<article aria-label="x"><p class="title">${title}</p><a href="https://ok.test/t/1">abrir</a>` +
      `<img src="/logo.png" alt=""><input value="x">${extra}<div class="comment-body"><p>x</p></div></article>`,
  );
}

describe('inertTextViolations (the checker)', () => {
  it('passes a render that shows the payload as text', () => {
    expect(inertTextViolations(BASELINE, withTitle('&lt;img src=x onerror=alert(1)&gt;'), { expectTexts: ['<img src=x onerror=alert(1)>'] })).toEqual(
      [],
    );
    // A baseline taken before and a live root give the same verdict.
    expect(inertTextViolations(surfaceShape(BASELINE), withTitle('ok'), { expectTexts: ['ok'] })).toEqual([]);
  });

  it.each([
    ['a new element', withTitle('<b>x</b>'), /element <b> the baseline lacks/],
    ['an extra active element of a kind the baseline has', withTitle('<img src="/logo.png" alt="">'), /2 <img> where the baseline has 1/],
    ['a handler', withTitle('x', '<a href="https://ok.test/t/1" onclick="alert(1)">y</a>'), /handler onclick/],
    ['a handler on a known tag', parse('<article aria-label="x" onmouseover="alert(1)"></article>'), /handler onmouseover/],
    ['an attribute the baseline lacks', parse('<article aria-label="x" title="y"></article>'), /attribute title on <article>/],
    ['a script link', withTitle('x', '<a href="javascript:alert(1)">y</a>'), /script URL href/],
    ['a script link with blanks and controls', withTitle('x', '<a href=" jav&#x09;ascript:alert(1)">y</a>'), /script URL href/],
    ['a data: source', withTitle('x', '<img src="data:text/html,x" alt="">'), /script URL src/],
    ['an SVG element', withTitle('<svg onload="alert(1)"></svg>'), /element <http:\/\/www.w3.org\/2000\/svg svg>/],
    ['a style URL', parse('<article aria-label="x"><p class="title" style="background:url(javascript:alert(1))">x</p></article>'), /attribute style|style "/],
  ])('fails %s', (_what, rendered, message) => {
    const found = inertTextViolations(BASELINE, rendered);
    expect(found.join('\n')).toMatch(message);
  });

  it('fails a payload that is not shown verbatim (escaped twice, or dropped)', () => {
    expect(inertTextViolations(BASELINE, withTitle('&amp;lt;b&amp;gt;'), { expectTexts: ['<b>'] })).toEqual(['text not shown verbatim: "<b>"']);
    expect(inertTextViolations(BASELINE, withTitle(''), { expectTexts: ['<b>'] })).toHaveLength(1);
  });

  it('compares texts through `normalize` when a surface reflows them', () => {
    const reflowed = withTitle('a\n  b c');
    expect(inertTextViolations(BASELINE, reflowed, { expectTexts: ['a b c'] })).toEqual(['text not shown verbatim: "a b c"']);
    const blanks = (text: string) => text.replace(/\s+/g, ' ');
    expect(inertTextViolations(BASELINE, reflowed, { expectTexts: ['a b c'], normalize: blanks })).toEqual([]);
    expect(inertTextViolations(BASELINE, reflowed, { expectTexts: ['a c'], normalize: blanks })).toHaveLength(1);
  });

  it('reads form controls’ values as text', () => {
    const root = parse('<input value="só no campo">');
    expect(renderedText(root)).toContain('só no campo');
  });

  it('allows the named markup inside rich text, and nothing else there', () => {
    const ok = withTitle('x').querySelectorAll('.comment-body');
    expect(ok.length).toBe(1);
    const rich = parse(
      '<article aria-label="x"><p class="title">x</p><div class="comment-body"><p><strong>negrito</strong> <a href="https://ok.test">l</a></p></div></article>',
    );
    expect(inertTextViolations(BASELINE, rich, { richText: RICH })).toEqual([]);
    // The same markup outside the zone is a new element.
    expect(inertTextViolations(BASELINE, parse('<article aria-label="x"><strong>x</strong></article>'), { richText: RICH })).toEqual([
      'element <strong> the baseline lacks',
    ]);
    const bad = parse(
      '<div class="comment-body"><p><em>x</em><a href="javascript:alert(1)">l</a><a href="https://ok.test" target="_top">t</a></p></div>',
    );
    expect(inertTextViolations(BASELINE, bad, { richText: RICH })).toEqual([
      'element <em> in rich text',
      'script URL href="javascript:alert(1)" on <a>',
      'attribute target on <a> in rich text',
    ]);
  });

  it('normalises text the way an HTML parser keeps it', () => {
    expect(parsedHtmlText('a\r\nb\rc\u0000d')).toBe('a\nb\ncd');
  });
});

describe('the XSS corpus', () => {
  it('has at least 150 distinct payloads, for markup and for plain text, none blank', () => {
    expect(new Set(XSS_PAYLOADS).size).toBe(XSS_PAYLOADS.length);
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(150);
    expect(MARKUP_PAYLOADS.length).toBeGreaterThanOrEqual(150);
    expect(PLAIN_TEXT_PAYLOADS.some((p) => /\r\n/.test(p))).toBe(true);
    expect(XSS_PAYLOADS.every((p) => p.trim() !== '')).toBe(true);
    expect(payloadsFitting(200).length).toBe(XSS_PAYLOADS.length - 1);
  });
});
