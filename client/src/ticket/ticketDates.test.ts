import { describe, expect, it } from 'vitest';
import { formatDay, formatRelative } from './ticketDates';

const NOW = Date.parse('2025-03-10T12:00:00.000Z');

describe('ticket dates', () => {
  it('says how long ago, in the largest unit that fits', () => {
    expect(formatRelative('pt-BR', '2025-03-10T11:59:50.000Z', NOW)).toBe('agora');
    expect(formatRelative('pt-BR', '2025-03-10T11:55:00.000Z', NOW)).toBe('há 5 minutos');
    expect(formatRelative('en', '2025-03-10T09:00:00.000Z', NOW)).toBe('3 hours ago');
    expect(formatRelative('en', '2025-03-09T12:00:00.000Z', NOW)).toBe('yesterday');
    expect(formatRelative('ru', '2025-03-12T12:00:00.000Z', NOW)).toBe('послезавтра');
  });

  it('shows a deadline as its own calendar day whatever the time zone', () => {
    expect(formatDay('pt-BR', '2025-03-01')).toBe('1 de mar. de 2025');
    expect(formatDay('en', '2025-12-31')).toBe('Dec 31, 2025');
  });
});
