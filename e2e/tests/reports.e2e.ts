/**
 * Reports (issue 8) in Chromium, against the demo agency (its tickets were worked over past days,
 * so the witness wrote their history):
 * - Dora (diretora) opens "Relatórios" from the header: the dashboard's five charts are drawn —
 *   each canvas has painted pixels — and its figures say the demo's tickets were opened and one
 *   client rated a delivery 5;
 * - the tickets and history CSVs download as files, with the demo's tickets in them;
 * - Ana (atendimento) presses "Enviar relatório agora" on the clinic's record, and the report
 *   reaches the clinic's address in a real SMTP mailbox, naming a ticket of theirs and no one else's.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { type RunningServer, freePort, mailEnvironment, startFluxo } from '../support/fluxoServer.js';
import { type Mailbox, startMailbox } from '../support/mailbox.js';
import { ANA, DORA, SEEN_WITHIN, openBoard as openBoardAt } from '../support/staffBoard.js';

/** The burst window (1 s) + a worker poll (2 s) + slack. */
const MAILED_WITHIN = 12_000;
const CLINIC = 'Clínica Sorriso';
const CLINIC_ADDRESS = 'recepcao@clinicasorriso.com.br';
const CLINIC_TICKET = 'Banner para o novo horário de atendimento';
const BAKERY_TICKET = 'Preciso de um banner no site para a campanha de desconto';

let server: RunningServer;
let mailbox: Mailbox;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  let inboundPort: number;
  [mailbox, inboundPort, browser] = await Promise.all([startMailbox(), freePort(), launchChromium()]);
  server = await startFluxo(
    mailEnvironment({
      smtpUrl: mailbox.url,
      inboundPort,
      inboundDomain: 'reports.e2e.test',
      mailFrom: 'Agência Ponto Criativo <equipe@demo.fluxo>',
      burstWindowSeconds: 1,
    }),
  );
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await mailbox?.close();
});

const openBoard = (email: string): Promise<Page> => openBoardAt({ browser, contexts }, server.url, email);

/** How many pixels of the canvas something was painted on (alpha > 0). */
function paintedPixels(page: Page, index: number): Promise<number> {
  return page.evaluate((i) => {
    const canvas = document.querySelectorAll<HTMLCanvasElement>('.flow-chart canvas')[i];
    const context = canvas?.getContext('2d');
    if (!canvas || !context || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let k = 3; k < data.length; k += 4) if ((data[k] ?? 0) > 0) painted++;
    return painted;
  }, index);
}

describe('reports in Chromium', () => {
  it('the dashboard draws its charts, and the tickets and history download as CSV', async () => {
    const dora = await openBoard(DORA);
    await dora.getByRole('link', { name: 'Relatórios', exact: true }).click();
    await dora.getByRole('heading', { level: 1, name: 'Relatórios da agência' }).waitFor();
    const summary = dora.getByRole('region', { name: 'Resumo do período' });
    await summary.waitFor({ timeout: SEEN_WITHIN });
    const opened = Number(await summary.locator('dt', { hasText: /^Abertos$/ }).locator('xpath=following-sibling::dd').textContent());
    expect(opened).toBeGreaterThan(0);
    // Loja Verde Moda's answer about its logo file: the demo's one answered survey (`demoSatisfaction.ts`).
    expect(await summary.locator('dt', { hasText: /^Satisfação$/ }).locator('xpath=following-sibling::dd').textContent()).toBe('5 (1 resposta)');

    const names = ['Vazão por semana', 'Tempo médio em cada etapa', 'SLA: no prazo e estourados', 'Fluxo acumulado', 'Satisfação'];
    for (const name of names) await dora.getByRole('img', { name, exact: true }).waitFor();
    expect(await dora.locator('.flow-chart canvas').count()).toBe(names.length);
    for (let i = 0; i < names.length; i++) {
      // Axes and labels alone paint some pixels; bars and areas paint thousands.
      await expect.poll(() => paintedPixels(dora, i), { timeout: SEEN_WITHIN, message: `chart "${names[i]}" drawn` }).toBeGreaterThan(2_000);
    }

    const [tickets] = await Promise.all([dora.waitForEvent('download'), dora.getByRole('link', { name: 'Baixar tickets (CSV)' }).click()]);
    expect(tickets.suggestedFilename()).toMatch(/\.csv$/);
    const ticketsCsv = await readFile(await tickets.path(), 'utf8');
    expect(ticketsCsv.charCodeAt(0)).toBe(0xfeff);
    expect(ticketsCsv.split('\r\n')[0]).toMatch(/Título/);
    expect(ticketsCsv).toContain(CLINIC_TICKET);
    expect(ticketsCsv).toContain(CLINIC);

    const [history] = await Promise.all([dora.waitForEvent('download'), dora.getByRole('link', { name: 'Baixar histórico do período (CSV)' }).click()]);
    const historyCsv = await readFile(await history.path(), 'utf8');
    expect(historyCsv.split('\r\n').length).toBeGreaterThan(10);
    expect(historyCsv).toContain('Triagem');
  });

  it('"Enviar relatório agora" sends the clinic its report, and it reaches a real SMTP mailbox', async () => {
    const ana = await openBoard(ANA);
    await ana.getByRole('link', { name: 'Clientes', exact: true }).click();
    await ana.getByRole('link', { name: CLINIC, exact: true }).click();
    const section = ana.getByRole('region', { name: 'Relatório do cliente' });
    await section.getByRole('button', { name: 'Enviar relatório agora' }).click();
    await section.getByText(/na fila para 1 endereço/).waitFor({ timeout: SEEN_WITHIN });

    const [mail] = await mailbox.waitFor(CLINIC_ADDRESS, (m) => /Relatório de trabalho/.test(m.email.subject ?? ''), { timeoutMs: MAILED_WITHIN });
    expect(mail?.email.subject).toContain(CLINIC);
    const text = mail?.email.text ?? '';
    expect(text).toContain(CLINIC_TICKET);
    // Another client's work never reaches this one.
    expect(text).not.toContain(BAKERY_TICKET);
    expect(mail?.email.html).toContain(CLINIC_TICKET);
  });
});
