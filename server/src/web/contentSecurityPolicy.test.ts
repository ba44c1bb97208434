// @vitest-environment jsdom
/**
 * The Content-Security-Policy every response carries (`securityHeaders.ts`) lets no inline or
 * foreign script run, and the pages the client build starts from (`client/index.html`, the
 * staff app; `client/share.html`, the client timeline) hold no inline script that would need it
 * to. The built pages (`client/dist/*.html`) are checked the same way by `e2e/tests/xss.e2e.ts`,
 * which builds them first, over HTTP, with the headers the server sends.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './securityHeaders.js';

const clientDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../client');

/** The policy's directives, by name, each a list of its source expressions. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name !== undefined && name !== '') map.set(name.toLowerCase(), sources);
  }
  return map;
}

interface MiniElement {
  readonly localName: string;
  readonly textContent: string | null;
  readonly attributes: ArrayLike<{ readonly name: string; readonly value: string }>;
  getAttribute(name: string): string | null;
}

function elements(html: string): MiniElement[] {
  const Parser = (globalThis as unknown as {
    DOMParser: new () => { parseFromString(html: string, type: 'text/html'): { querySelectorAll(selector: string): ArrayLike<MiniElement> } };
  }).DOMParser;
  return Array.from(new Parser().parseFromString(html, 'text/html').querySelectorAll('*'));
}

/** What in a page would need inline script (or run script some other way); empty when nothing. */
function inlineScriptIn(html: string): string[] {
  const found: string[] = [];
  for (const element of elements(html)) {
    if (element.localName === 'script' && (element.getAttribute('src') === null || (element.textContent ?? '').trim() !== '')) {
      found.push(`inline <script>: ${(element.textContent ?? '').slice(0, 80)}`);
    }
    for (const { name, value } of Array.from(element.attributes)) {
      if (/^on/i.test(name)) found.push(`handler ${name} on <${element.localName}>`);
      if (/^\s*(javascript|data|vbscript):/i.test(value) && ['href', 'src', 'action', 'formaction'].includes(name)) found.push(`script URL ${name}=${value}`);
    }
    if (element.localName === 'base') found.push('<base>');
    if (element.localName === 'meta' && /refresh/i.test(element.getAttribute('http-equiv') ?? '')) found.push('<meta http-equiv=refresh>');
  }
  return found;
}

describe('Content-Security-Policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it('runs only our own scripts: no inline script, no eval, no other origin', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    // Only 'self'; also no 'unsafe-inline', 'unsafe-eval', 'unsafe-hashes', data:, blob:, *, a scheme or a host.
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.has('script-src-elem')).toBe(false);
    expect(policy.has('script-src-attr')).toBe(false);
    // object-src falls back to default-src 'self': no plugin content from elsewhere.
    expect(policy.get('object-src') ?? policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it.each(['index.html', 'share.html'])('client/%s holds no inline script, handler or script URL', async (page) => {
    const html = await readFile(resolve(clientDir, page), 'utf8');
    expect(inlineScriptIn(html)).toEqual([]);
    expect(elements(html).filter((e) => e.localName === 'script')).toHaveLength(1);
  });

  it('the page check sees inline scripts, handlers and script URLs', () => {
    expect(inlineScriptIn('<script>alert(1)</script>')).toHaveLength(1);
    expect(inlineScriptIn('<script src="/a.js">alert(1)</script>')).toHaveLength(1);
    expect(inlineScriptIn('<body onload="x()"></body>')).toHaveLength(1);
    expect(inlineScriptIn('<a href=" javascript:alert(1)">x</a>')).toHaveLength(1);
    expect(inlineScriptIn('<script type="module" src="/assets/main.js"></script>')).toEqual([]);
  });
});
