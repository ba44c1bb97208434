import type { UserId } from '@fluxo/shared/ids';
import { describe, expect, it } from 'vitest';
import { activeMentionQuery, displayMentions, insertMention, matchPeople, tokenizeMentions } from './mentionText';

const ANA = 'AnaAtendimento01' as UserId;
const ANA_PAULA = 'AnaPaulaDesign01' as UserId;
const PAULO = 'PauloProducao001' as UserId;
const OTHER_PAULO = 'PauloComercial01' as UserId;
const PEOPLE = [
  { id: ANA, name: 'Ana' },
  { id: ANA_PAULA, name: 'Ana Paula' },
  { id: PAULO, name: 'Paulo' },
];

describe('activeMentionQuery', () => {
  it('finds the partial name before the caret', () => {
    expect(activeMentionQuery('oi @Pa', 6)).toEqual({ start: 3, query: 'Pa' });
    expect(activeMentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(activeMentionQuery('oi @Ana P', 9)).toEqual({ start: 3, query: 'Ana P' });
    expect(activeMentionQuery('(@jo', 4)).toEqual({ start: 1, query: 'jo' });
  });

  it('is not fooled by addresses, finished mentions or a caret elsewhere', () => {
    expect(activeMentionQuery('ana@padaria', 11)).toBeNull();
    expect(activeMentionQuery('@Ana ', 5)).toBeNull();
    expect(activeMentionQuery('oi @Pa e mais', 13)).toBeNull();
  });
});

describe('matchPeople', () => {
  it('matches the start of the name or of a word, ignoring accents and case', () => {
    const people = [...PEOPLE, { id: OTHER_PAULO, name: 'Érica Souza' }];
    expect(matchPeople(people, 'pa').map((p) => p.name)).toEqual(['Ana Paula', 'Paulo']);
    expect(matchPeople(people, 'eri').map((p) => p.name)).toEqual(['Érica Souza']);
    expect(matchPeople(people, '').length).toBe(4);
    expect(matchPeople(people, 'x')).toEqual([]);
  });
});

describe('insertMention', () => {
  it('replaces the partial name and puts the caret after the mention', () => {
    expect(insertMention('oi @Pa tudo bem', 3, 6, 'Paulo')).toEqual({ text: 'oi @Paulo tudo bem', caret: 10 });
  });
});

describe('tokenizeMentions', () => {
  it('turns whole names into tokens, longest first', () => {
    expect(tokenizeMentions('@Ana Paula e @Ana, falem com @Paulo.', PEOPLE)).toBe(
      `<@${ANA_PAULA}> e <@${ANA}>, falem com <@${PAULO}>.`,
    );
  });

  it('leaves partial names, e-mail addresses and code alone', () => {
    expect(tokenizeMentions('@Anastácia escreveu para ana@Paulo.com', PEOPLE)).toBe('@Anastácia escreveu para ana@Paulo.com');
    expect(tokenizeMentions('`@Ana` e\n```\n@Paulo\n```\n@Paulo', PEOPLE)).toBe(`\`@Ana\` e\n\`\`\`\n@Paulo\n\`\`\`\n<@${PAULO}>`);
  });

  it('gives a shared name to whoever comes first in the list (the person picked)', () => {
    const picked = [{ id: OTHER_PAULO, name: 'Paulo' }];
    expect(tokenizeMentions('@Paulo', [...picked, ...PEOPLE])).toBe(`<@${OTHER_PAULO}>`);
  });
});

describe('displayMentions', () => {
  const nameOf = (id: UserId) => [...PEOPLE, { id: OTHER_PAULO, name: 'Paulo' }].find((p) => p.id === id)?.name ?? null;

  it('shows names, and round-trips through tokenizeMentions', () => {
    const body = `<@${ANA_PAULA}> e <@${ANA}>`;
    const shown = displayMentions(body, nameOf, PEOPLE);
    expect(shown).toBe('@Ana Paula e @Ana');
    expect(tokenizeMentions(shown, PEOPLE)).toBe(body);
  });

  it('keeps the token of an unknown person or of a name two people share', () => {
    const people = [...PEOPLE, { id: OTHER_PAULO, name: 'Paulo' }];
    expect(displayMentions(`<@${PAULO}> <@Unknown000000001>`, nameOf, people)).toBe(`<@${PAULO}> <@Unknown000000001>`);
  });
});
