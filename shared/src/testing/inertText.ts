/**
 * The checker for **plain-text surfaces** (test support only): places where what people wrote —
 * titles, names, summaries, email subjects — must appear as text and never become markup.
 *
 * A surface is rendered twice: once with harmless marker texts (the *baseline*) and once with
 * XSS payloads in the same fields. The payload render may then hold
 * - no element (namespace + tag) the baseline lacks, and no more "active" elements (script,
 *   iframe, img, svg, form…) than the baseline has;
 * - no attribute (tag + name) the baseline lacks, no `on*` attribute at all;
 * - no `javascript:`/`data:`/`vbscript:` URL in a URL attribute (`href`, `src`, `action`,
 *   `formaction`, …), no script or `url(` in a `style`;
 * - and each expected text verbatim in its text (text nodes and form controls' values), so a
 *   payload that vanished — escaped twice, or eaten by a parser — fails too.
 *
 * Where a surface does allow some markup (a comment body rendered from markdown), `richText`
 * names those subtrees and the tags and attributes allowed inside them; the URL and handler
 * rules apply there as everywhere.
 *
 * `shared` compiles without the DOM library, so the DOM is typed here by the little this uses;
 * real DOM nodes (jsdom's in tests) fit these types.
 */
import { COMMENT_HTML_TAGS } from '../conversation/renderCommentHtml.js';

interface DomAttribute {
  readonly name: string;
  readonly value: string;
}

export interface DomElement {
  readonly localName: string;
  readonly namespaceURI: string | null;
  readonly attributes: ArrayLike<DomAttribute>;
  readonly parentElement: DomElement | null;
  closest(selectors: string): unknown;
}

/** A rendered surface: a container element, a document or a template's content. */
export interface DomRoot {
  readonly textContent: string | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
}

/** What the baseline render of a surface holds. */
export interface SurfaceShape {
  readonly elements: ReadonlyMap<string, number>;
  readonly attributes: ReadonlySet<string>;
}

export interface RichTextZone {
  /** Selector of the elements whose content is rendered markup (e.g. `.comment-body`). */
  readonly selector: string;
  /** Attributes allowed inside, by tag; a tag absent from this record is not allowed. */
  readonly allowed: Readonly<Record<string, readonly string[]>>;
}

/** Comment bodies (`.comment-body`, filled by `renderCommentHtml`): its tags, and the attributes it writes. */
export const COMMENT_BODY_MARKUP: RichTextZone = {
  selector: '.comment-body',
  allowed: Object.fromEntries(
    COMMENT_HTML_TAGS.map((tag) => [tag, tag === 'a' ? ['href', 'rel', 'target'] : tag === 'span' ? ['class', 'data-user-id'] : tag === 'ol' ? ['start'] : []]),
  ),
};

export interface InertTextOptions {
  /** Texts that must each appear verbatim in the render's text or in a form control's value. */
  readonly expectTexts?: readonly string[];
  /**
   * Applied to the render's text and to each expected text before they are compared, for
   * surfaces that by design reflow text (an email collapses blanks in one-line places).
   */
  readonly normalize?: (text: string) => string;
  readonly richText?: RichTextZone;
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';
/** Elements that run, load or submit something: never more of them than the baseline has. */
const ACTIVE_ELEMENTS = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'img', 'image', 'svg', 'math',
  'video', 'audio', 'source', 'track', 'picture', 'link', 'meta', 'base', 'style', 'form', 'input',
  'button', 'textarea', 'select', 'template', 'noscript', 'portal', 'use', 'animate', 'set', 'foreignobject',
]);
/** Attributes whose value is a URL the browser may load or navigate to. */
const URL_ATTRIBUTES = new Set([
  'href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'cite', 'srcset',
  'ping', 'manifest', 'codebase', 'longdesc', 'lowsrc', 'dynsrc', 'to', 'values', 'from',
]);
const SCRIPT_URL = /^(javascript|data|vbscript):/i;
const UNSAFE_STYLE = /expression\s*\(|javascript:|url\s*\(|@import|behavior\s*:|-moz-binding/i;

function elementKey(element: DomElement): string {
  const namespace = element.namespaceURI === HTML_NS ? '' : `${element.namespaceURI ?? 'none'} `;
  return `${namespace}${element.localName}`;
}

function elementsOf(root: DomRoot): DomElement[] {
  return Array.from(root.querySelectorAll('*'));
}

/** The elements and attributes of a (baseline) render. */
export function surfaceShape(root: DomRoot): SurfaceShape {
  const elements = new Map<string, number>();
  const attributes = new Set<string>();
  for (const element of elementsOf(root)) {
    const key = elementKey(element);
    elements.set(key, (elements.get(key) ?? 0) + 1);
    for (const { name } of Array.from(element.attributes)) attributes.add(`${key}[${name}]`);
  }
  return { elements, attributes };
}

/** How a browser reads a URL attribute's start: ASCII whitespace and controls are ignored. */
function urlStart(value: string): string {
  return value.replace(/[\u0000-\u0020\u007F]/g, '');
}

/** The text of a render as a person reads it: its text nodes and its form controls' values. */
export function renderedText(root: DomRoot): string {
  const values = Array.from(root.querySelectorAll('input, textarea'))
    .map((element) => (element as { value?: unknown }).value)
    .filter((value): value is string => typeof value === 'string');
  return [root.textContent ?? '', ...values].join('\n');
}

/** What is wrong with `rendered` as an inert render of `baseline`'s surface; empty when nothing. */
export function inertTextViolations(baseline: SurfaceShape | DomRoot, rendered: DomRoot, options: InertTextOptions = {}): string[] {
  const base = 'querySelectorAll' in baseline ? surfaceShape(baseline) : baseline;
  const found: string[] = [];
  const counts = new Map<string, number>();
  const zone = options.richText;
  for (const element of elementsOf(rendered)) {
    const key = elementKey(element);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    // The zone's own element is part of the surface (and of the baseline); what it holds is rich text.
    const inZone = zone !== undefined && element.parentElement !== null && element.parentElement.closest(zone.selector) !== null;
    const allowedHere = inZone ? (element.namespaceURI === HTML_NS ? zone.allowed[element.localName] : undefined) : undefined;
    if (inZone) {
      if (allowedHere === undefined) found.push(`element <${key}> in rich text`);
    } else if (!base.elements.has(key)) {
      found.push(`element <${key}> the baseline lacks`);
    }
    for (const { name, value } of Array.from(element.attributes)) {
      const lower = name.toLowerCase();
      if (lower.startsWith('on')) found.push(`handler ${name}="${value}" on <${key}>`);
      if (inZone) {
        if (allowedHere !== undefined && !allowedHere.includes(lower)) found.push(`attribute ${name} on <${key}> in rich text`);
      } else if (!base.attributes.has(`${key}[${name}]`)) {
        found.push(`attribute ${name} on <${key}> the baseline lacks`);
      }
      if ((URL_ATTRIBUTES.has(lower) || lower.endsWith(':href')) && SCRIPT_URL.test(urlStart(value))) {
        found.push(`script URL ${name}="${value}" on <${key}>`);
      }
      if (lower === 'style' && UNSAFE_STYLE.test(value)) found.push(`style "${value}" on <${key}>`);
      if (lower === 'srcdoc') found.push(`srcdoc on <${key}>`);
    }
  }
  for (const [key, count] of counts) {
    const tag = key.slice(key.lastIndexOf(' ') + 1);
    if (ACTIVE_ELEMENTS.has(tag) && count > (base.elements.get(key) ?? 0)) {
      found.push(`${count} <${key}> where the baseline has ${base.elements.get(key) ?? 0}`);
    }
  }
  if (options.expectTexts !== undefined && options.expectTexts.length > 0) {
    const normalize = options.normalize ?? ((text: string) => text);
    const text = normalize(renderedText(rendered));
    for (const expected of new Set(options.expectTexts.map(normalize))) {
      if (!text.includes(expected)) found.push(`text not shown verbatim: ${JSON.stringify(expected.slice(0, 120))}`);
    }
  }
  return found;
}

/**
 * The text an HTML parser keeps of `text` written (escaped) into markup: line breaks
 * normalised to `\n`, NUL dropped (HTML §13.2.6.4.7 ignores it in body text).
 */
export function parsedHtmlText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\u0000/g, '');
}
