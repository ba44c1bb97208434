import { describe, expect, it } from 'vitest';
import { newReplyToken } from '../store/mailRecords.js';
import {
  bareAddress,
  messageIdDomain,
  normaliseMessageId,
  outboundMessageId,
  parseInboundRecipient,
  parseMessageIdList,
  ticketReplyAddress,
} from './mailAddress.js';

const DOMAIN = 'inbox.agencia.test';

describe('mail addresses', () => {
  it('recognises the intake address and ticket reply addresses, case-insensitively, and nothing else', () => {
    const token = newReplyToken();
    expect(token).toMatch(/^[0-9a-z]{20}$/);
    expect(parseInboundRecipient(`atendimento@${DOMAIN}`, DOMAIN)).toEqual({ kind: 'intake' });
    expect(parseInboundRecipient(`Atendimento@INBOX.agencia.test`, DOMAIN)).toEqual({ kind: 'intake' });
    expect(parseInboundRecipient(ticketReplyAddress(token, DOMAIN), DOMAIN)).toEqual({ kind: 'ticket', token });
    expect(parseInboundRecipient(`T+${token.toUpperCase()}@${DOMAIN}`, DOMAIN)).toEqual({ kind: 'ticket', token });
    for (const other of [
      `financeiro@${DOMAIN}`,
      'atendimento@outro.test',
      `t+curto@${DOMAIN}`,
      `t+${token}x@${DOMAIN}`,
      `t+${'../'.repeat(7)}@${DOMAIN}`,
      'sem-arroba',
      `"atendimento"@${DOMAIN}`,
    ]) {
      expect(parseInboundRecipient(other, DOMAIN), other).toBeNull();
    }
  });

  it('derives stable Message-IDs and reads threading headers', () => {
    expect(outboundMessageId('AbC123', 'agencia.test')).toBe('fluxo.AbC123@agencia.test');
    expect(normaliseMessageId(' <abc@x.test> ')).toBe('abc@x.test');
    expect(normaliseMessageId('<>')).toBeNull();
    expect(normaliseMessageId('<a b@x>')).toBeNull();
    expect(parseMessageIdList('<a@x.test> <b@x.test>\r\n <a@x.test>')).toEqual(['a@x.test', 'b@x.test']);
    expect(parseMessageIdList('bare@x.test')).toEqual(['bare@x.test']);
    expect(parseMessageIdList(undefined)).toEqual([]);
    expect(parseMessageIdList('garbage')).toEqual([]);
  });

  it('picks the Message-ID domain from MAIL_FROM, else the inbound domain, else the public URL', () => {
    expect(bareAddress('Equipe Ponto <contato@agencia.test>')).toBe('contato@agencia.test');
    expect(messageIdDomain({ mailFrom: 'Equipe <contato@Agencia.test>', inboundDomain: DOMAIN, publicUrl: 'https://f.test' })).toBe('agencia.test');
    expect(messageIdDomain({ mailFrom: null, inboundDomain: DOMAIN, publicUrl: 'https://f.test' })).toBe(DOMAIN);
    expect(messageIdDomain({ mailFrom: null, inboundDomain: null, publicUrl: 'https://fluxo.agencia.test' })).toBe('fluxo.agencia.test');
  });
});
