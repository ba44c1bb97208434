import { LOCALES } from '@fluxo/shared/i18n/translate';
import { describe, expect, it } from 'vitest';
import { type MailDraft, mailSubject, renderMail } from './mailTemplates.js';
import { MAIL_TEXTS } from './mailTexts.js';

const ticket = {
  number: 123,
  title: 'Banner da campanha',
  clientName: 'Padaria Pão Dourado',
  stage: 'analysis' as const,
  status: 'waiting_client' as const,
  clientSummary: 'Banner 1200×400 para a home.',
};

function clientUpdate(overrides: Partial<Extract<MailDraft, { kind: 'clientUpdate' }>> = {}): MailDraft {
  return {
    audience: 'client',
    kind: 'clientUpdate',
    locale: 'pt-BR',
    agencyName: 'Agência Ponto Criativo',
    recipientName: null,
    unsubscribeUrl: 'https://fluxo.test/unsubscribe/abc',
    ticket,
    comments: [{ kind: 'clientComment', authorName: 'Ana', body: 'Segue o layout.\nOlhe a segunda opção.', at: '2025-03-10T12:00:00.000Z' }],
    timelineUrl: null,
    replyByEmail: true,
    ...overrides,
  };
}

describe('mail templates', () => {
  it('names the client and the ticket in the subject, one line, no matter what the title holds', () => {
    expect(mailSubject(ticket)).toBe('[Padaria Pão Dourado] #123 Banner da campanha');
    expect(mailSubject({ ...ticket, clientName: null, number: null })).toBe('Banner da campanha');
    expect(mailSubject({ ...ticket, title: 'Linha 1\r\nBcc: ataque@x.test' })).toBe('[Padaria Pão Dourado] #123 Linha 1 Bcc: ataque@x.test');
  });

  it('tells the client about their request in their language', () => {
    const pt = renderMail(clientUpdate());
    expect(pt.text).toContain('Há uma nova mensagem sobre o seu pedido:');
    expect(pt.text).toContain('Situação: Aguardando cliente · Etapa: Análise');
    expect(pt.text).toContain('Banner 1200×400');
    expect(pt.html).toContain('Segue o layout.<br>Olhe a segunda opção.');
    const en = renderMail(clientUpdate({ locale: 'en', recipientName: 'Márcia' }));
    expect(en.text).toContain('Hello Márcia,');
    expect(en.text).toContain('Status: Waiting on client · Stage: Analysis');
    const comment = { kind: 'clientComment' as const, authorName: 'Анна', body: 'Да', at: '2025-03-10T12:00:00.000Z' };
    const ru = renderMail(clientUpdate({ locale: 'ru', comments: Array(5).fill(comment) }));
    expect(ru.text).toContain('По вашей заявке 5 новых сообщений:');
    expect(ru.html).toContain('lang="ru"');
  });

  it('escapes every value in the HTML, and links only http(s) URLs', () => {
    const evil = '<script>alert(1)</script>"\'&';
    const html = renderMail(
      clientUpdate({
        agencyName: evil,
        recipientName: evil,
        ticket: { ...ticket, title: evil, clientName: evil, clientSummary: evil },
        comments: [{ kind: 'clientComment', authorName: evil, body: evil, at: '2025-03-10T12:00:00.000Z' }],
        timelineUrl: 'javascript:alert(1)',
        unsubscribeUrl: 'https://fluxo.test/unsubscribe/"><script>x</script>',
      }),
    ).html;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
    expect(html).toContain('href="https://fluxo.test/unsubscribe/&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
  });

  it('writes the ticket number in the answer to a new email', () => {
    const mail = renderMail({
      audience: 'client',
      kind: 'ticketReceived',
      locale: 'pt-BR',
      agencyName: 'Agência Ponto Criativo',
      recipientName: null,
      unsubscribeUrl: 'https://fluxo.test/unsubscribe/abc',
      ticket,
      timelineUrl: 'https://fluxo.test/share/tok',
    });
    expect(mail.text).toContain('abrimos o ticket #123: "Banner da campanha"');
    expect(mail.text).toContain('Acompanhe o andamento: https://fluxo.test/share/tok');
    expect(mail.html).toContain('<a href="https://fluxo.test/share/tok">');
  });

  it('has every text in every language', () => {
    const keys = Object.keys(MAIL_TEXTS['pt-BR']).sort();
    for (const locale of LOCALES) expect(Object.keys(MAIL_TEXTS[locale]).sort()).toEqual(keys);
  });
});
