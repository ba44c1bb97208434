import { describe, expect, it } from 'vitest';
import type { Email } from 'postal-mime';
import { idFromSeed } from './inboundMail.js';
import { bodyText, htmlToText, ticketTitle } from './inboundText.js';

const email = (parts: Partial<Email>): Email => ({ headers: [], headerLines: [], attachments: [], ...parts });

describe('inbound text', () => {
  it('makes a ticket title of the subject, without reply and forward prefixes', () => {
    expect(ticketTitle('RES: Re: Fwd: Banner da campanha')).toBe('Banner da campanha');
    expect(ticketTitle('Отв: Макет')).toBe('Макет');
    expect(ticketTitle('Re[2]: Orçamento')).toBe('Orçamento');
    expect(ticketTitle('Linha\r\n quebrada')).toBe('Linha quebrada');
    expect(ticketTitle(undefined)).toBe('');
    expect(ticketTitle('x'.repeat(500))).toHaveLength(200);
  });

  it('reads an HTML-only email as text: no markup, no script, entities decoded once', () => {
    const html =
      '<html><head><style>p{color:red}</style></head><body><p>Olá,&nbsp;equipe</p><script>alert(1)</script>' +
      '<div>Preço &lt; R$&nbsp;500 &amp;lt; nada</div><br/>Fim &#8212; ok</body></html>';
    expect(htmlToText(html)).toBe('Olá, equipe\nPreço < R$ 500 &lt; nada\n\nFim — ok');
    expect(bodyText(email({ html: '<p>a</p>' }))).toBe('a');
    expect(bodyText(email({ text: 'texto\r\ncom\u0000controle', html: '<p>ignorado</p>' }))).toBe('texto\ncomcontrole');
  });

  it('derives one 16-character id per seed', () => {
    expect(idFromSeed('agency\nmsg@x')).toBe(idFromSeed('agency\nmsg@x'));
    expect(idFromSeed('agency\nmsg@x')).not.toBe(idFromSeed('agency\nmsg@y'));
    expect(idFromSeed('qualquer')).toMatch(/^[0-9A-Za-z]{16}$/);
  });
});
