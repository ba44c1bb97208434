import { describe, expect, it } from 'vitest';
import { stripQuotedReply } from './quotedReply.js';

describe('stripQuotedReply', () => {
  it.each([
    [
      'Gmail, pt-BR',
      'Pode ser azul.\n\nEm seg., 10 de mar. de 2025 às 10:00, Ana <ana@agencia.test> escreveu:\n> Qual cor?\n',
      'Pode ser azul.',
    ],
    [
      'Gmail, pt-BR, attribution wrapped over two lines',
      'Aprovado!\n\nEm seg., 10 de mar. de 2025 às 10:00,\nAna Lima <ana@agencia.test> escreveu:\n\n> Segue o layout.',
      'Aprovado!',
    ],
    ['Gmail, en', 'Sounds good.\r\n\r\nOn Mon, Mar 10, 2025 at 10:00 AM Ana <ana@agencia.test> wrote:\r\n> Any news?', 'Sounds good.'],
    ['ru', 'Согласовано.\n\n10 марта 2025 г., в 10:00, Анна <anna@agencia.test> написал(а):\n> Посмотрите макет', 'Согласовано.'],
    [
      'Outlook header block, pt-BR',
      'Segue em anexo.\n\nDe: Ana <ana@agencia.test>\nEnviado: segunda-feira, 10 de março de 2025 10:00\nPara: Márcia\nAssunto: Banner',
      'Segue em anexo.',
    ],
    ['Outlook original message', 'Ok\n\n-----Original Message-----\nFrom: Ana', 'Ok'],
    ['bare > quotes', 'Sim, pode publicar.\n> Podemos publicar amanhã?', 'Sim, pode publicar.'],
    ['signature', 'Obrigada!\n-- \nMárcia Souza\nPadaria Pão Dourado', 'Obrigada!'],
    ['mobile footer', 'Pode sim\n\nEnviado do meu iPhone', 'Pode sim'],
  ])('keeps only the new text (%s)', (_name, text, expected) => {
    expect(stripQuotedReply(text)).toBe(expected);
  });

  it('keeps a message without quotes whole, trimmed', () => {
    expect(stripQuotedReply('  Linha 1\n\nLinha 2 > não é citação\n ')).toBe('Linha 1\n\nLinha 2 > não é citação');
  });

  it('keeps everything when stripping would leave nothing (a reply that is only a quote)', () => {
    const onlyQuote = '> Podemos publicar amanhã?\n> Abraço';
    expect(stripQuotedReply(onlyQuote)).toBe(onlyQuote);
  });

  it('never rewrites what the client wrote: the result is a prefix of the lines', () => {
    const text = 'Primeira linha  \nSegunda *linha*\n\nOn Tue, Ana wrote:\n> x';
    const stripped = stripQuotedReply(text);
    expect(text.startsWith(stripped)).toBe(true);
  });
});
