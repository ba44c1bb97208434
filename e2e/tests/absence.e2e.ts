/**
 * Issue 7 in Chromium: the demo's Beatriz is away this week, so Ana's board says Ana covers
 * Beatriz's client; Dora (admin) removes the absence from the absences page, and the board no
 * longer says so.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../support/browserSuite.js';
import { ANA, DORA, openBoard } from '../support/staffBoard.js';

const suite = browserSuite();

/** The demo absence's last day, as the board writes it: six days after today in São Paulo. */
function lastDayShown(): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
  const last = new Date(Date.parse(`${today}T00:00:00Z`) + 6 * 86_400_000);
  return new Intl.DateTimeFormat('pt-BR', { day: '2-digit', month: '2-digit', timeZone: 'UTC' }).format(last);
}

describe('absences in Chromium', () => {
  it("shows who covers an absent account manager on the board, until an admin removes the absence", async () => {
    const ana = await openBoard(suite, suite.server.url, ANA);
    const notice = ana.getByRole('region', { name: 'Ausências e quem cobre' });
    await notice.getByText(`Beatriz está ausente até ${lastDayShown()} — Ana cobre Estúdio Lótus Yoga.`).waitFor();

    const dora = await openBoard(suite, suite.server.url, DORA);
    await dora.getByRole('link', { name: 'Ausências' }).click();
    await dora.getByRole('heading', { name: 'Ausências', level: 1 }).waitFor();
    await dora.getByRole('button', { name: /^Remover a ausência de Beatriz/ }).click();
    await dora.getByText('Ausência de Beatriz removida.').waitFor();

    // After a reload, once the board has its absences again, nobody is said to be away.
    const answered = ana.waitForResponse((response) => response.url().includes('absences.list') && response.ok());
    await ana.reload();
    await answered;
    await ana.getByRole('heading', { name: 'Fluxo de atendimento' }).waitFor();
    expect(await notice.count()).toBe(0);
  });
});
