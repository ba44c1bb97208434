import { describe, expect, it } from 'vitest';
import { foldPlural, foldText, parseSearchQuery, searchTerms, searchTokens, termOf, ticketNumberTerm } from './searchText.js';

describe('foldText', () => {
  it('lower-cases and removes accents, composed or decomposed', () => {
    expect(foldText('Ação')).toBe('acao');
    expect(foldText('Ac\u0327a\u0303o')).toBe('acao');
    expect(foldText('ÉPOCA Útil Ñandú')).toBe('epoca util nandu');
  });

  it('keeps Cyrillic, folding ё to е but keeping й', () => {
    expect(foldText('Привет, МИР')).toBe('привет, мир');
    expect(foldText('Ёлка')).toBe(foldText('елка'));
    expect(foldText('Новый')).toBe('новый');
    expect(foldText('Нови\u0306')).toBe('новй');
  });
});

describe('searchTokens', () => {
  it('cuts on anything but letters and digits, with offsets into the original text', () => {
    const text = 'Banner #12: "Promoção" — e-mail/2024!';
    const tokens = searchTokens(text);
    expect(tokens.map((t) => t.term)).toEqual(['banner', '12', 'promocao', 'e', 'mail', '2024']);
    for (const token of tokens) expect(termOf(text.slice(token.start, token.end))).toBe(token.term);
    expect(text.slice(tokens[2]!.start, tokens[2]!.end)).toBe('Promoção');
  });

  it('keeps a decomposed word whole (marks belong to it)', () => {
    const text = 'reunia\u0303o amanha\u0303';
    expect(searchTokens(text).map((t) => [t.term, text.slice(t.start, t.end)])).toEqual([
      ['reuniao', 'reunia\u0303o'],
      ['amanha', 'amanha\u0303'],
    ]);
  });

  it('keeps Russian words', () => {
    expect(searchTerms('Новый баннер для клиента')).toEqual(['новый', 'баннер', 'для', 'клиента']);
  });

  it('cuts very long runs to 40 characters', () => {
    expect(searchTerms('a'.repeat(100))[0]).toHaveLength(40);
  });
});

describe('foldPlural', () => {
  it.each([
    ['acoes', 'acao'],
    ['paes', 'pao'],
    ['jornais', 'jornal'],
    ['papeis', 'papel'],
    ['lencois', 'lencol'],
    ['imagens', 'imagem'],
    ['vezes', 'vez'],
    ['cores', 'cor'],
    ['posts', 'post'],
    ['banners', 'banner'],
    ['clientes', 'cliente'],
  ])('%s → %s', (plural, singular) => {
    expect(foldPlural(plural)).toBe(singular);
    expect(foldPlural(singular)).toBe(singular);
  });

  it.each(['status', 'campus', 'mais', 'tres', 'gas', 'classe', 'новых'])('leaves %s alone', (word) => {
    expect(foldPlural(word)).toBe(word);
  });

  it('meets singular and plural as written', () => {
    expect(searchTerms('Ações de marketing')).toEqual(searchTerms('ação de marketing'));
    expect(searchTerms('IMAGENS')).toEqual(searchTerms('imagem'));
  });
});

describe('parseSearchQuery', () => {
  it('reads #123 as a ticket number, not a word', () => {
    expect(parseSearchQuery('#123')).toEqual({ terms: [], prefix: null, ticketNumbers: [123] });
    expect(parseSearchQuery('banner #7 #7')).toEqual({ terms: ['banner'], prefix: null, ticketNumbers: [7] });
    expect(ticketNumberTerm(123)).toBe('#123');
    expect(searchTerms('#123')).toEqual(['123']);
  });

  it('takes the last word as a prefix only while it is being typed', () => {
    expect(parseSearchQuery('Reunião Propos')).toEqual({ terms: ['reuniao', 'propo'], prefix: 'propos', ticketNumbers: [] });
    expect(parseSearchQuery('reuniao propos ').prefix).toBeNull();
    expect(parseSearchQuery('banner.').prefix).toBeNull();
  });

  it('drops repeated words and has no terms for punctuation alone', () => {
    expect(parseSearchQuery('logo LOGO lógo').terms).toEqual(['logo']);
    expect(parseSearchQuery('?!').terms).toEqual([]);
  });
});
