import { describe, expect, it } from 'vitest';
import { contactChannelInputSchema, formatPhone, normaliseChannelValue, normaliseContactEmail, normalisePhone, whatsappUrl } from './contactChannels.js';
import { LOCALES, translate } from '../i18n/translate.js';
import { LOYALTY_LADDER, isLoyaltyRung, loyaltyRungSchema } from './loyaltyLadder.js';

describe('contact channels', () => {
  it('accepts Brazilian phone formats and keeps digits with an optional leading +', () => {
    expect(normalisePhone('(11) 3456-7890')).toBe('1134567890');
    expect(normalisePhone('+55 11 91234-5678')).toBe('+5511912345678');
    expect(normalisePhone('+55 (11) 9 1234.5678')).toBe('+5511912345678');
    expect(normalisePhone(' 011 3456/7890 ')).toBe('01134567890');
    expect(normalisePhone('3456-7890')).toBe('34567890');
  });

  it('refuses letters, a + inside, too few or too many digits', () => {
    for (const bad of ['', '1234567', '11 9ABC-5678', '11+34567890', '++5511912345678', '+55 11 91234-5678 ramal 2', '1'.repeat(16), 'tel:1134567890'])
      expect(normalisePhone(bad)).toBeNull();
  });

  it('lower-cases emails and refuses what is not one', () => {
    expect(normaliseContactEmail('  Marcia@PaoDourado.com.BR ')).toBe('marcia@paodourado.com.br');
    for (const bad of ['marcia', 'marcia@', '@paodourado.com.br', 'marcia@paodourado', 'mar cia@paodourado.com.br', 'a@b@c.com', `${'a'.repeat(250)}@b.com`])
      expect(normaliseContactEmail(bad)).toBeNull();
  });

  it('treats WhatsApp as a phone and names the kind when refusing', () => {
    expect(normaliseChannelValue('whatsapp', '(31) 99876-5432')).toBe('31998765432');
    expect(normaliseChannelValue('email', '(31) 99876-5432')).toBeNull();
    const refused = contactChannelInputSchema.safeParse({ kind: 'whatsapp', value: 'não tem' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['value'], message: expect.stringMatching(/^invalid phone number for whatsapp/) });
    expect(contactChannelInputSchema.parse({ kind: 'mobile', value: '+55 11 91234-5678' })).toEqual({ kind: 'mobile', value: '+5511912345678' });
  });

  it('shows Brazilian numbers as written, and links WhatsApp with a country code', () => {
    expect(formatPhone('1134567890')).toBe('(11) 3456-7890');
    expect(formatPhone('11912345678')).toBe('(11) 91234-5678');
    expect(formatPhone('+5511912345678')).toBe('+55 11 91234-5678');
    expect(formatPhone('+4915112345678')).toBe('+4915112345678');
    expect(whatsappUrl('+5511912345678')).toBe('https://wa.me/5511912345678');
    expect(whatsappUrl('31998765432')).toBe('https://wa.me/5531998765432');
    expect(whatsappUrl('34567890')).toBeNull();
  });
});

describe('loyalty ladder', () => {
  it('has the six rungs of seed 003, bottom to top', () => {
    expect(LOYALTY_LADDER.map((r) => [r.rung, r.slug, r.nameKey])).toEqual([
      [1, 'probable', 'loyalty.rung.1'],
      [2, 'potential', 'loyalty.rung.2'],
      [3, 'trier', 'loyalty.rung.3'],
      [4, 'repeater', 'loyalty.rung.4'],
      [5, 'loyal', 'loyalty.rung.5'],
      [6, 'advocate', 'loyalty.rung.6'],
    ]);
    expect([0, 1, 6, 7, 2.5, '3'].map(isLoyaltyRung)).toEqual([false, true, true, false, false, false]);
    expect(loyaltyRungSchema.safeParse(7).error?.issues[0]?.message).toBe('a loyalty rung is a number from 1 to 6');
    expect(LOYALTY_LADDER.map((r) => translate('pt-BR', r.nameKey))).toEqual([
      'Clientes prováveis',
      'Clientes potenciais',
      'Experimentadores',
      'Repetidores de compras',
      'Clientes fiéis',
      'Defensores',
    ]);
    // Each language names every rung differently from the others' keys (a real translation, not the key).
    for (const locale of LOCALES) for (const r of LOYALTY_LADDER) expect(translate(locale, r.nameKey)).not.toBe(r.nameKey);
  });
});
