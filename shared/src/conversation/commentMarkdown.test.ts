import { describe, expect, it } from 'vitest';
import { newUserId } from '../ids.js';
import { extractMentions, mentionToken, parseCommentMarkdown, safeLinkHref } from './commentMarkdown.js';
import { commentExcerpt, commentPlainText } from './commentPlainText.js';

describe('comment markdown', () => {
  it('reads paragraphs, line breaks, lists and fenced code', () => {
    const blocks = parseCommentMarkdown('Oi,\ntudo certo?\n\n- um\n- dois\n  continua\n\n- três\n\n```\n*cru*\n```\n2. dois\n3. três');
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'list', 'code_block', 'list']);
    expect(blocks[0]).toEqual({
      type: 'paragraph',
      children: [{ type: 'text', text: 'Oi,' }, { type: 'break' }, { type: 'text', text: 'tudo certo?' }],
    });
    const bullets = blocks[1];
    expect(bullets).toMatchObject({ ordered: false, start: 1 });
    expect(bullets?.type === 'list' ? bullets.items.length : 0).toBe(3);
    expect(blocks[2]).toEqual({ type: 'code_block', text: '*cru*' });
    expect(blocks[3]).toMatchObject({ type: 'list', ordered: true, start: 2 });
  });

  it('lets only a "1." list interrupt a paragraph', () => {
    expect(parseCommentMarkdown('Ligamos em\n2024. Foi bom').map((b) => b.type)).toEqual(['paragraph']);
    expect(parseCommentMarkdown('Passos:\n1. abrir\n2. fechar').map((b) => b.type)).toEqual(['paragraph', 'list']);
  });

  it('reads bold, italic, code, links, autolinks, mentions and escapes — and leaves the rest as text', () => {
    const ana = newUserId();
    const [block] = parseCommentMarkdown(
      `**a** *b* __c__ _d_ \`e\` [f](https://f.test) https://g.test/x. ${mentionToken(ana)} \\*h\\* snake_case_x`,
    );
    const children = block?.type === 'paragraph' ? block.children : [];
    expect(children.filter((c) => c.type !== 'text').map((c) => c.type)).toEqual([
      'strong',
      'em',
      'strong',
      'em',
      'code',
      'link',
      'link',
      'mention',
    ]);
    expect(children).toContainEqual({ type: 'link', href: 'https://g.test/x', children: [{ type: 'text', text: 'https://g.test/x' }] });
    expect(children).toContainEqual({ type: 'mention', userId: ana });
    expect(children.at(-1)).toEqual({ type: 'text', text: ' *h* snake_case_x' });
  });

  it('keeps unclosed or empty delimiters as text', () => {
    for (const source of ['**a', 'x * a*', 'a **', '``', '[a]', '[](https://x.test)', '[a](https://x.test', '***a***', '<@short>']) {
      expect(commentPlainText(source)).toBe(source);
    }
  });

  it('allows only http, https and mailto links', () => {
    expect(safeLinkHref('https://exemplo.com.br/a?b=1&c=2#d')).toBe('https://exemplo.com.br/a?b=1&c=2#d');
    expect(safeLinkHref('HTTP://EXEMPLO.COM')).toBe('HTTP://EXEMPLO.COM');
    expect(safeLinkHref('mailto:ana@demo.fluxo?subject=oi')).toBe('mailto:ana@demo.fluxo?subject=oi');
    for (const good of ['https://padaria.com.br:8443/x', 'http://[2001:db8::1]/', 'https://pão.com.br/cardápio', 'https://x.test?q=1']) {
      expect(safeLinkHref(good), good).toBe(good);
    }
    for (const bad of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      '//evil.test',
      '/relative',
      'https://',
      'https:///x',
      'https:\\\\evil.test',
      'https://a.test/"onmouseover="x',
      "https://a.test/'x",
      'https://a.test/<x>',
      'https://a.test/\u0000',
      'mailto:',
      'mailto:javascript:alert(1)',
      'ftp://files.test',
      'http://javascript:alert(1)',
      'https://bank.test@evil.test/',
      'https://a.test/[x]',
      `https://a.test/${'x'.repeat(2_048)}`,
    ]) {
      expect(safeLinkHref(bad), bad).toBeNull();
    }
  });

  it('extracts mentions in order, once each, never from code', () => {
    const [ana, paulo, dora] = [newUserId(), newUserId(), newUserId()];
    const body = `${mentionToken(paulo)} e ${mentionToken(ana)}\n\n- **${mentionToken(paulo)}**\n\n\`${mentionToken(dora)}\`\n\n\`\`\`\n${mentionToken(dora)}\n\`\`\``;
    expect(extractMentions(body)).toEqual([paulo, ana]);
    expect(extractMentions('<@1234567890abcdeX> <@too-short>')).toEqual(['1234567890abcdeX']);
  });

  it('turns a body into plain text and a short excerpt', () => {
    const ana = newUserId();
    const text = commentPlainText(`Oi ${mentionToken(ana)}, veja **isto**: [o site](https://x.test)\n\n1. a\n2. b\n\n\`\`\`\ncódigo\n\`\`\``, {
      mentionName: (id) => (id === ana ? 'Ana' : null),
    });
    expect(text).toBe('Oi @Ana, veja isto: o site (https://x.test)\n\n1. a\n2. b\n\n    código');
    expect(commentExcerpt('uma frase   bem\n\nlonga demais para caber', 20)).toBe('uma frase bem longa…');
    expect(commentExcerpt('curta', 20)).toBe('curta');
    expect(commentExcerpt('x'.repeat(30), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
