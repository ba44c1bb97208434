// @vitest-environment jsdom
/**
 * The XSS corpus: every payload, in several markdown contexts, is rendered and then parsed by a
 * real HTML parser (jsdom's, which follows the HTML standard like a browser's); the resulting
 * tree may hold only the allow-listed elements and attributes of `renderCommentHtml.ts`, links
 * only to http:, https: and mailto:. The checker itself is tested on known-bad HTML first, so
 * this test can fail.
 *
 * `shared` compiles without the DOM library, so the few DOM calls used are typed locally.
 */
import { describe, expect, it } from 'vitest';
import { mentionToken } from './commentMarkdown.js';
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

const SCRIPT_TAGS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.test/xss.js></SCRIPT>',
  '<script src=//evil.test/x.js></script>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<script>alert(String.fromCharCode(88,83,83))</script>',
  '"><script>alert(1)</script>',
  "'><script>alert(1)</script>",
  '</p><script>alert(1)</script>',
  '<script/xss src=x></script>',
  '<<script>alert(1);//<</script>',
  '<script\ttype="text/javascript">alert(1)</script>',
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<scr\u0000ipt>alert(1)</script>',
];

const EVENT_HANDLERS = [
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="alert(1)">',
  '<IMG SRC=x ONERROR=alert(1)>',
  '<body onload=alert(1)>',
  '<div onmouseover=alert(1)>x</div>',
  '<a onclick=alert(1)>x</a>',
  '<input autofocus onfocus=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror=alert(1)>',
  '<audio src=x onerror=alert(1)>',
  '<marquee onstart=alert(1)>',
  '<select autofocus onfocus=alert(1)>',
  '<textarea autofocus onfocus=alert(1)>',
  '<iframe onload=alert(1)>',
  '<object data=x onerror=alert(1)>',
  '<img src=x:alert(alt) onerror=eval(src) alt=0>',
  '<img/src/onerror=alert(1)>',
  '<img src=x onerror=&#97;lert(1)>',
  '<img src=`x`onerror=alert(1)>',
  '<style onload=alert(1)>',
  '<form><button formaction=javascript:alert(1)>x</button>',
  '<isindex type=image src=1 onerror=alert(1)>',
  '<body onpageshow=alert(1)>',
  '<div style="x:expression(alert(1))">',
  '<x onpointerover=alert(1)>hover</x>',
];

const HTML_URLS = [
  '<a href="javascript:alert(1)">x</a>',
  '<a href=javascript:alert(1)>x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<iframe src="javascript:alert(1)">',
  '<iframe src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
  '<object data="data:text/html,<script>alert(1)</script>">',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><input type=submit>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<link rel=stylesheet href="javascript:alert(1)">',
  '<img src="javascript:alert(1)">',
];

const MARKDOWN_URLS = [
  '[x](javascript:alert(1))',
  '[x](JAVASCRIPT:alert(1))',
  '[x]( javascript:alert(1))',
  '[x](javascript&#58;alert(1))',
  '[x](javascript&colon;alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](java\nscript:alert(1))',
  '[x](java\tscript:alert(1))',
  '[x](\u0000javascript:alert(1))',
  '[x](data:text/html,<script>alert(1)</script>)',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](vbscript:msgbox(1))',
  '[x](file:///etc/passwd)',
  '[x](//evil.test)',
  '[x](https://ok.test" onmouseover="alert(1))',
  "[x](https://ok.test' onmouseover='alert(1))",
  '[x](https://ok.test"onmouseover="alert(1))',
  '[x](https://ok.test/<script>)',
  '[x](https://ok.test/`onmouseover=alert(1)`)',
  '[x](<javascript:alert(1)>)',
  '[x](javascript:alert(1) "title")',
  '[x](https://ok.test "onmouseover=alert(1)")',
  '[x](mailto:javascript:alert(1))',
  '[x](mailto:a@b.test"onclick="alert(1))',
  '[x](https:javascript:alert(1))',
  '[x](http:\\\\evil.test)',
  '![x](javascript:alert(1))',
  '![x](https://evil.test/x.png" onerror="alert(1))',
  '[x][1]\n\n[1]: javascript:alert(1)',
  '<javascript:alert(1)>',
];

const NESTED_LINKS = [
  '[[x](https://ok.test)](javascript:alert(1))',
  '[x](https://ok.test)(javascript:alert(1))',
  '[x](javascript:alert(1))(https://ok.test)',
  '[a [b](https://ok.test) c](javascript:alert(1))',
  '[**x](javascript:alert(1))**',
  '[`x`](javascript:alert(1))',
  '[x](https://ok.test)[y](javascript:alert(1))',
  '[<img src=x onerror=alert(1)>](https://ok.test)',
  '[x](https://ok.test/?q=<script>alert(1)</script>)',
  '**[x](javascript:alert(1))**',
  '[x](https://ok.test/) onclick=alert(1)',
  '[[[[[[x](javascript:alert(1))]]]]]',
  '[x](https://ok.test/)"><img src=x onerror=alert(1)>',
  '[x](https://ok.test/\\"onmouseover=alert(1))',
  '[![x](https://ok.test)](javascript:alert(1))',
  '[https://ok.test/"onmouseover="alert(1)](https://ok.test)',
];

const ENTITY_TRICKS = [
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '&#x3C;img src=x onerror=alert(1)&#x3E;',
  '&#0000060script&#0000062alert(1)',
  '\\u003cscript\\u003ealert(1)\\u003c/script\\u003e',
  '%3Cscript%3Ealert(1)%3C/script%3E',
  '&amp;lt;script&amp;gt;',
  '<img src=x onerror="&#x61;lert(1)">',
  '&lt;img src=x onerror=alert(1)&gt;',
  '&#x6A;avascript:alert(1)',
  '\uFF1Cscript\uFF1Ealert(1)\uFF1C/script\uFF1E',
  '\\x3cscript\\x3ealert(1)\\x3c/script\\x3e',
  '&#9;javascript:alert(1)',
  '<a href="&#x26;#x6A;avascript:alert(1)">x</a>',
  '&quot;&gt;&lt;svg onload=alert(1)&gt;',
];

const SVG_AND_MATHML = [
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<svg><set attributeName=href to=javascript:alert(1)>',
  '<svg><foreignObject><iframe src=javascript:alert(1)></foreignObject></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<svg/onload=alert(1)>',
  '<svg><style><img src=x onerror=alert(1)></style></svg>',
  '<math href="javascript:alert(1)">x</math>',
  `<svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='alert(1)'/></svg>#x"/></svg>`,
  '<svg><image href=x onerror=alert(1)>',
  '<svg><desc><![CDATA[</desc><script>alert(1)</script>]]></svg>',
  '<svg><title><![CDATA[</title><script>alert(1)</script>]]></svg>',
  '<math><maction actiontype="statusline#" xlink:href="javascript:alert(1)">x</maction></math>',
];

const MENTION_TRICKS = [
  '<@AAAAAAAAAAAAAAAA onmouseover=alert(1)>',
  '<@AAAAAAAAAAAAAAA"><script>alert(1)</script>',
  '<@<script>alert(1)</script>>',
  '<@AAAAAAAAAAAAAAAA><img src=x onerror=alert(1)>',
  '<@AAAAAAAAAAAAAAAA>" onclick="alert(1)',
  '<@javascript:alert(1)>',
  '<@../../etc/passwd>',
  '<@AAAAAAAAAAAAAAAA>>',
];

const CODE_TRICKS = [
  '`</code><script>alert(1)</script>`',
  '```\n</pre><script>alert(1)</script>\n```',
  '``` onmouseover=alert(1)\nx\n```',
  '`<img src=x onerror=alert(1)>`',
  '~~~\n<svg onload=alert(1)>\n~~~',
  '```"><script>alert(1)</script>\nx```',
  '`` ` `` <script>alert(1)</script>',
  '```\n```<script>alert(1)</script>',
];

const AUTOLINK_TRICKS = [
  'https://ok.test/"><script>alert(1)</script>',
  "https://ok.test/'onmouseover='alert(1)",
  'https://ok.test/<img src=x onerror=alert(1)>',
  'https://ok.test/`onmouseover=alert(1)`',
  'http://javascript:alert(1)',
  'https://ok.test/\u0000<script>alert(1)</script>',
  'javascript://ok.test/%0aalert(1)',
  'https://ok.test/&quot;onmouseover=&quot;alert(1)',
  'https://ok.test/(<script>alert(1)</script>)',
  'HTTPS://OK.TEST/"ONMOUSEOVER="ALERT(1)',
];

const MARKUP_TRICKS = [
  '<!--<script>alert(1)</script>-->',
  '<!-- --!><script>alert(1)</script>',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<?xml version="1.0"?><script>alert(1)</script>',
  '<!DOCTYPE html><script>alert(1)</script>',
  '<template><script>alert(1)</script></template>',
  '<xmp><script>alert(1)</script></xmp>',
  '<plaintext><script>alert(1)</script>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  "<style>@import 'javascript:alert(1)';</style>",
];

const PAYLOADS = [
  ...SCRIPT_TAGS,
  ...EVENT_HANDLERS,
  ...HTML_URLS,
  ...MARKDOWN_URLS,
  ...NESTED_LINKS,
  ...ENTITY_TRICKS,
  ...SVG_AND_MATHML,
  ...MENTION_TRICKS,
  ...CODE_TRICKS,
  ...AUTOLINK_TRICKS,
  ...MARKUP_TRICKS,
];

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
