import { describe, expect, it } from 'vitest';
import { parseCommentMarkdown } from '../conversation/commentMarkdown.js';
import { commentPlainText } from '../conversation/commentPlainText.js';
import {
  type CannedReply,
  DEFAULT_SIGNATURE_RULES,
  type ReplyContext,
  type SignatureRules,
  cannedReplyDraftSchema,
  plainTextValue,
  renderCannedReply,
  signatureRulesSchema,
  unknownPlaceholders,
} from './cannedReply.js';

const CLINIC = { id: 'ClinicaSorriso01', name: 'Clínica Sorriso' };

const context = (fields: Partial<ReplyContext> = {}): ReplyContext => ({
  rules: DEFAULT_SIGNATURE_RULES,
  client: CLINIC,
  agencyName: 'Agência Ponto Criativo',
  staffName: 'Ana',
  ticketNumber: 42,
  ...fields,
});

const reply = (body: string, tone: CannedReply['tone']) => ({ body, tone });

describe('renderCannedReply', () => {
  it('signs a support answer as the expert’s support team (seed 002)', () => {
    expect(renderCannedReply(reply('Olá! Seu pedido {ticket} está em análise.', 'support'), context())).toBe(
      'Olá! Seu pedido #42 está em análise.\n\nEquipe de Suporte de Clínica Sorriso',
    );
  });

  it('answers praise in the expert’s own name, using the per-client override', () => {
    const rules: SignatureRules = { ...DEFAULT_SIGNATURE_RULES, experts: [{ clientId: CLINIC.id as never, name: 'Dra. Helena Prado' }] };
    expect(renderCannedReply(reply('Que alegria ler isso, obrigada! 💛', 'praise'), context({ rules }))).toBe(
      'Que alegria ler isso, obrigada! 💛\n\nDra. Helena Prado',
    );
    // The override names the expert; {cliente} stays the client.
    expect(renderCannedReply(reply('{cliente} agradece.', 'support'), context({ rules }))).toBe(
      'Clínica Sorriso agradece.\n\nEquipe de Suporte de Dra. Helena Prado',
    );
    // Another client keeps its own name.
    expect(renderCannedReply(reply('Obrigado!', 'praise'), context({ rules, client: { id: 'PadariaPao000001', name: 'Padaria' } }))).toBe(
      'Obrigado!\n\nPadaria',
    );
  });

  it('never signs a plain reply, nor a tone whose template is empty', () => {
    expect(renderCannedReply(reply('Atendido por {atendente}.', 'plain'), context())).toBe('Atendido por Ana.');
    const unsigned: SignatureRules = { ...DEFAULT_SIGNATURE_RULES, support: '' };
    expect(renderCannedReply(reply('Oi', 'support'), context({ rules: unsigned }))).toBe('Oi');
  });

  it('fills every placeholder, in signatures too, and falls back to the agency without a client', () => {
    const rules: SignatureRules = { ...DEFAULT_SIGNATURE_RULES, support: '{atendente}, Equipe de Suporte de {especialista}' };
    expect(renderCannedReply(reply('{cliente} / {especialista} / {atendente} / {ticket}', 'support'), context({ rules }))).toBe(
      'Clínica Sorriso / Clínica Sorriso / Ana / #42\n\nAna, Equipe de Suporte de Clínica Sorriso',
    );
    expect(renderCannedReply(reply('Pedido {ticket} de {cliente}', 'support'), context({ client: null, ticketNumber: null }))).toBe(
      'Pedido  de Agência Ponto Criativo\n\nEquipe de Suporte de Agência Ponto Criativo',
    );
  });

  it('inserts values as plain text: markdown escaped, one line, no second expansion', () => {
    const tricky = { id: 'Tricky0000000001', name: '*Top* [x](mailto:a@b.test) <@AnaAtendimento01> _a_ `b`\n\n- {cliente}' };
    const text = renderCannedReply(reply('Oi {cliente}', 'praise'), context({ client: tricky }));
    expect(text).toContain('{cliente}');
    // Rendered as a comment, the name shows exactly as typed (one line), with no markup or mention.
    const blocks = parseCommentMarkdown(text);
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph']);
    expect(JSON.stringify(blocks)).not.toMatch(/"type":"(em|strong|link|mention|list)"/);
    const shown = '*Top* [x](mailto:a@b.test) <@AnaAtendimento01> _a_ `b` - {cliente}';
    expect(commentPlainText(text)).toBe(`Oi ${shown}\n\n${shown}`);
    expect(plainTextValue('- Loja')).toBe('\\- Loja');
    expect(plainTextValue('1. Loja')).toBe('1\\. Loja');
    expect(parseCommentMarkdown(plainTextValue('1. Loja'))[0]?.type).toBe('paragraph');
  });
});

describe('saving templates', () => {
  it('refuses unknown placeholders, naming each once', () => {
    expect(unknownPlaceholders('Oi {cliente}, {Especialista} e {especialsta} {Especialista} { } {}')).toEqual(['{Especialista}', '{especialsta}']);
    const parsed = cannedReplyDraftSchema.safeParse({ title: 'Oi', body: 'Olá {nome}!', tone: 'support', clientId: null });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('unknown placeholder {nome}: use {especialista}, {cliente}, {atendente}, {ticket}');
    const rules = signatureRulesSchema.safeParse({ support: 'Equipe {time} de {marca}', praise: '', experts: [] });
    expect(rules.error?.issues[0]?.message).toBe('unknown placeholders {time}, {marca}: use {especialista}, {cliente}, {atendente}, {ticket}');
  });

  it('normalises and bounds what is saved', () => {
    const ok = cannedReplyDraftSchema.parse({ title: '  Reembolso  ', body: '\r\nPasso 1\r\nPasso 2\u0000  ', tone: 'plain', clientId: null });
    expect(ok).toEqual({ title: 'Reembolso', body: 'Passo 1\nPasso 2', tone: 'plain', clientId: null });
    expect(cannedReplyDraftSchema.safeParse({ title: '', body: 'x', tone: 'plain', clientId: null }).success).toBe(false);
    expect(cannedReplyDraftSchema.safeParse({ title: 'x'.repeat(121), body: 'x', tone: 'plain', clientId: null }).success).toBe(false);
    expect(cannedReplyDraftSchema.safeParse({ title: 'x', body: '   ', tone: 'plain', clientId: null }).success).toBe(false);
    expect(cannedReplyDraftSchema.safeParse({ title: 'x', body: 'x'.repeat(5001), tone: 'plain', clientId: null }).success).toBe(false);
    expect(cannedReplyDraftSchema.safeParse({ title: 'x', body: 'x'.repeat(5000), tone: 'plain', clientId: null }).success).toBe(true);
    expect(cannedReplyDraftSchema.safeParse({ title: 'x', body: 'x', tone: 'formal', clientId: null }).success).toBe(false);
    expect(
      signatureRulesSchema.safeParse({
        support: '',
        praise: '',
        experts: [
          { clientId: CLINIC.id, name: 'A' },
          { clientId: CLINIC.id, name: 'B' },
        ],
      }).error?.issues[0]?.message,
    ).toBe('one expert name per client');
  });
});
