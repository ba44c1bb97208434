import { describe, expect, it } from 'vitest';
import { newUserId } from '../ids.js';
import { mentionToken } from './commentMarkdown.js';
import { escapeHtml, renderCommentHtml } from './renderCommentHtml.js';

const A = 'rel="nofollow noopener noreferrer" target="_blank"';

describe('renderCommentHtml', () => {
  it('renders the subset with the allow-listed tags', () => {
    expect(renderCommentHtml('Olá **mundo**, *tudo* bem?\nAté `amanhã`.')).toBe(
      '<p>Olá <strong>mundo</strong>, <em>tudo</em> bem?<br>Até <code>amanhã</code>.</p>',
    );
    expect(renderCommentHtml('- um\n- dois\n\n3. três\n4. quatro')).toBe(
      '<ul><li>um</li><li>dois</li></ul><ol start="3"><li>três</li><li>quatro</li></ol>',
    );
    expect(renderCommentHtml('```\n<b>x</b> & y\n```')).toBe('<pre><code>&lt;b&gt;x&lt;/b&gt; &amp; y</code></pre>');
    expect(renderCommentHtml('[Briefing](https://docs.test/a?b=1&c=2) e https://x.test.')).toBe(
      `<p><a href="https://docs.test/a?b=1&amp;c=2" ${A}>Briefing</a> e <a href="https://x.test" ${A}>https://x.test</a>.</p>`,
    );
  });

  it('shows mentions by name, and @? for someone unknown', () => {
    const ana = newUserId();
    const other = newUserId();
    const html = renderCommentHtml(`${mentionToken(ana)} ${mentionToken(other)}`, {
      mentionName: (id) => (id === ana ? 'Ana <Atendimento>' : null),
    });
    expect(html).toBe(
      `<p><span class="mention" data-user-id="${ana}">@Ana &lt;Atendimento&gt;</span> <span class="mention" data-user-id="${other}">@?</span></p>`,
    );
  });

  it('escapes text, including what looks like entities', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(renderCommentHtml('&lt;script&gt; &#60;b&#62;')).toBe('<p>&amp;lt;script&amp;gt; &amp;#60;b&amp;#62;</p>');
    expect(renderCommentHtml('')).toBe('');
  });
});
