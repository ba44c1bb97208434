/**
 * Client approvals (issue 7) in Chromium: the demo clinic opens its link (the one the server
 * printed at start-up, respond scope) on her phone and finds the banner text Ana sent for her
 * approval; Ana's board shows the card waiting on that approval. The client approves it; without
 * a reload, Ana's card says "Aprovado" and her drawer shows who approved which version, when and
 * how; the client's page shows the decision and no buttons any more.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, clientPhoneContext, demoClientSharePath } from '../support/browserSuite.js';
import { ANA, SEEN_WITHIN, card, markPage, openBoard as openBoardAt, seeIn } from '../support/staffBoard.js';

const CLINIC = 'Clínica Sorriso';
const BANNER = 'Banner para o novo horário de atendimento';
const SENT = 'Texto e arte do banner';

const suite = browserSuite();

async function openAsClient(path: string): Promise<Page> {
  const context = await clientPhoneContext(suite);
  const page = await context.newPage();
  await page.goto(`${suite.server.url}${path}`);
  await page.getByRole('heading', { name: `Acompanhamento de ${CLINIC}`, level: 1 }).waitFor();
  return page;
}

const approvalBadge = (page: Page, title: string): Locator => card(page, 'Entrega', title).locator('.badge--approval');

describe('client approval in Chromium', () => {
  it('the client approves from the share link and the account manager sees it on the board, live', async () => {
    const [clientPage, ana] = await Promise.all([openAsClient(demoClientSharePath(suite.server)), openBoardAt(suite, suite.server.url, ANA)]);
    const notReloaded = await markPage(ana);

    // Ana's board: the banner waits on the clinic's approval.
    await seeIn(ana, 'Entrega', BANNER);
    await expect.poll(() => approvalBadge(ana, BANNER).textContent(), { timeout: SEEN_WITHIN }).toBe('Aguardando aprovação');

    // The client's page: the version, its text and code, and the two answers.
    const banner = clientPage.getByRole('article', { name: BANNER, exact: true });
    const approval = banner.getByRole('article', { name: SENT, exact: true });
    await approval.getByText('Aguardando sua aprovação').waitFor();
    await approval.getByText(/Novo horário aos sábados/).waitFor();
    const code = await approval.locator('code').textContent();
    expect(code).toMatch(/^[0-9a-f]{12}$/);
    await approval.getByRole('button', { name: 'Aprovar esta versão' }).click();
    await approval.getByText('Aprovação registrada. A agência já foi avisada.').waitFor({ timeout: SEEN_WITHIN });
    await approval.getByText(`Aprovado por ${CLINIC}`, { exact: false }).waitFor({ timeout: SEEN_WITHIN });
    expect(await approval.getByRole('button').count()).toBe(0);

    // Ana sees it on the board without a reload, and in the drawer who approved what.
    await expect.poll(() => approvalBadge(ana, BANNER).textContent(), { timeout: SEEN_WITHIN }).toBe('Aprovado');
    expect(await notReloaded()).toBe(true);
    await card(ana, 'Entrega', BANNER).getByText(BANNER).click();
    const drawer = ana.getByRole('dialog');
    const section = drawer.getByRole('region', { name: 'Aprovação do cliente' });
    const item = section.locator('.ticket-approval').first();
    await item.getByText('Versão 1').waitFor();
    await item.getByText(/Aprovado por Clínica Sorriso .* \(pela página de acompanhamento\)/).waitFor();
    await item.getByText(`Código ${code}`).waitFor();
    // The client's decision also came back as a message in the conversation.
    await drawer.getByRole('region', { name: 'Conversa' }).getByText(`Aprovado: ${SENT} (versão 1)`).waitFor({ timeout: SEEN_WITHIN });
  });
});
