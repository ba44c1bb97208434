/**
 * The client timeline (issue 5) in Chromium: the demo clinic's contact watches her link (the one
 * the server prints at start-up) while Paulo hands the landing page back and Ana answers and
 * delivers it; she answers Ana's question, approves the published page Ana sends her for
 * approval (a landing page closes only once approved), and asks for something new from the
 * page. Each change appears on both sides without a reload; Ana's internal note never reaches
 * the client.
 * Then Ana revokes the link from her links page and the open page says the link no longer opens.
 */
import { randomBytes } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, clientPhoneContext, demoClientSharePath } from '../support/browserSuite.js';
import {
  ANA,
  PAULO,
  SEEN_WITHIN,
  card,
  markPage,
  moveWithMenu,
  openBoard as openBoardAt,
  seeIn,
  syncStateIs,
} from '../support/staffBoard.js';

const CLINIC = 'Clínica Sorriso';
const LANDING = 'Landing page do novo tratamento de clareamento';

const suite = browserSuite();

const openBoard = (email: string): Promise<Page> => openBoardAt(suite, suite.server.url, email);

const printedSharePath = (): string => demoClientSharePath(suite.server);

/** The client's page on her phone. */
async function openAsClient(path: string): Promise<Page> {
  const context = await clientPhoneContext(suite);
  const page = await context.newPage();
  await page.goto(`${suite.server.url}${path}`);
  await page.getByRole('heading', { name: `Acompanhamento de ${CLINIC}`, level: 1 }).waitFor();
  return page;
}

const ticketOn = (page: Page, title: string): Locator => page.getByRole('article', { name: title, exact: true });

describe('client timeline in Chromium, live', () => {
  it("follows Paulo's handoff and Ana's answer and delivery without a reload; never shows the internal note", async () => {
    const suffix = randomBytes(4).toString('hex');
    const canary = `NOTA-INTERNA-${suffix}`;
    const reply = `Olá! A página está pronta para a sua conferência. RESPOSTA-${suffix}`;

    const clientPage = await openAsClient(printedSharePath());
    const notReloaded = await markPage(clientPage);
    const landing = ticketOn(clientPage, LANDING);
    await landing.getByText('Em produção', { exact: true }).waitFor();
    // Only the clinic's tickets: the padaria's banner is not on this page.
    expect(await ticketOn(clientPage, 'Banner no site para a campanha de desconto').count()).toBe(0);
    // The internal description never reaches the client.
    expect(await clientPage.content()).not.toContain('webhook');

    // Paulo hands the landing page back to atendimento.
    const [paulo, ana] = await Promise.all([openBoard(PAULO), openBoard(ANA)]);
    await moveWithMenu(paulo, card(paulo, 'Produção', LANDING), 'Devolver ao atendimento');
    await seeIn(paulo, 'Entrega', LANDING);
    await syncStateIs(paulo, 'Salvo');
    await landing.getByText('Entrega', { exact: true }).waitFor({ timeout: SEEN_WITHIN });
    await landing.getByText('Entregue em').waitFor();

    // Ana writes an internal note, then answers the client, then marks it waiting for the client.
    await seeIn(ana, 'Entrega', LANDING);
    await card(ana, 'Entrega', LANDING).getByText(LANDING).click();
    const drawer = ana.getByRole('dialog');
    await drawer.getByRole('heading', { name: new RegExp(LANDING) }).waitFor();
    const conversation = drawer.getByRole('region', { name: 'Conversa' });
    const box = conversation.getByLabel('Nova mensagem');
    await box.fill(`Cliente costuma demorar para aprovar. ${canary}`);
    await conversation.getByRole('button', { name: 'Salvar nota interna' }).click();
    await conversation.getByRole('article').filter({ hasText: canary }).waitFor();
    await conversation.getByRole('radio', { name: /^Resposta ao cliente/ }).check();
    await box.fill(reply);
    await conversation.getByRole('button', { name: 'Enviar ao cliente' }).click();
    await landing.getByText(reply).waitFor({ timeout: SEEN_WITHIN });

    await drawer.getByLabel('Situação').selectOption('waiting_client');
    await landing.getByText('Aguardando sua resposta', { exact: true }).waitFor({ timeout: SEEN_WITHIN });

    // The client answers from the page (the demo link may respond): Ana sees it in the thread,
    // and the ticket is back in progress for both.
    const answer = `Conferi pelo celular, pode publicar. RETORNO-${suffix}`;
    await landing.getByRole('textbox', { name: 'Sua mensagem para a agência' }).fill(answer);
    await landing.getByRole('button', { name: 'Enviar mensagem' }).click();
    await landing.getByText('Mensagem enviada.').waitFor();
    await landing.getByText(answer).waitFor({ timeout: SEEN_WITHIN });
    await landing.getByText('Em andamento', { exact: true }).waitFor({ timeout: SEEN_WITHIN });
    await conversation.getByRole('article').filter({ hasText: answer }).waitFor({ timeout: SEEN_WITHIN });
    await expect.poll(() => drawer.getByLabel('Situação').inputValue(), { timeout: SEEN_WITHIN }).toBe('open');
    // A landing page closes only once the client approved it (its kind's rule): Ana sends the
    // published page for approval from the drawer, the clinic approves it on the page, Ana closes it.
    const approvals = drawer.getByRole('region', { name: 'Aprovação do cliente' });
    await approvals.getByText('Para concluir, falta a aprovação do cliente: Landing page.').waitFor();
    await approvals.getByText('Enviar para aprovação').click();
    await approvals.getByRole('textbox', { name: 'O que o cliente aprova' }).fill('Página publicada');
    await approvals.getByRole('radio', { name: 'Link' }).check();
    await approvals.getByRole('textbox', { name: 'Endereço (https://…)' }).fill('https://clinicasorriso.example/clareamento');
    await approvals.getByRole('button', { name: 'Enviar ao cliente' }).click();
    await approvals.getByText('Versão 1 enviada ao cliente. O ticket aguarda a resposta.').waitFor();
    const version = landing.getByRole('article', { name: 'Página publicada', exact: true });
    await version.getByRole('button', { name: 'Aprovar esta versão' }).click({ timeout: SEEN_WITHIN });
    await version.getByText(`Aprovado por ${CLINIC}`, { exact: false }).waitFor({ timeout: SEEN_WITHIN });
    await approvals.getByText('Aprovado pelo cliente: pode ser concluído.').waitFor({ timeout: SEEN_WITHIN });
    await drawer.getByLabel('Situação').selectOption('done');
    await landing.getByText('Concluído', { exact: true }).waitFor({ timeout: SEEN_WITHIN });
    await landing.getByText('Encerrado em').waitFor();

    // A new request from the page lands in Ana's Triagem, live, and on the client's page.
    const request = `Post para o Dia do Dentista ${suffix}`;
    const form = clientPage.getByRole('region', { name: 'Novo pedido' });
    await form.getByRole('textbox', { name: 'O que você precisa?' }).fill(request);
    await form.getByRole('textbox', { name: 'Detalhes (opcional)' }).fill('Arte para o Instagram, dia 25.');
    await form.getByRole('button', { name: 'Enviar pedido' }).click();
    await form.getByText(/Pedido #\d+ recebido/).waitFor();
    await ticketOn(clientPage, request).getByText('Recebido', { exact: true }).waitFor({ timeout: SEEN_WITHIN });
    await seeIn(ana, 'Triagem', request);

    expect(await notReloaded()).toBe(true);
    expect(await clientPage.content()).not.toContain(canary);
  });

  it('ends the open page when Ana revokes the link from her links page', async () => {
    const ana = await openBoard(ANA);
    await ana.goto(`${suite.server.url}/boards`);
    await ana.getByRole('link', { name: /^Links dos clientes/ }).click();
    const clinic = ana.getByRole('region', { name: CLINIC });
    const form = clinic.getByRole('form', { name: `Novo link para ${CLINIC}` });
    await form.getByRole('button', { name: 'Criar link' }).click();
    const issued = ana.getByRole('region', { name: `Link de ${CLINIC}` });
    const url = await issued.getByRole('textbox', { name: 'Endereço' }).inputValue();
    const path = new URL(url).pathname;
    expect(path).toMatch(/^\/share\/[A-Za-z0-9_-]{43}$/);

    const clientPage = await openAsClient(path);
    await ticketOn(clientPage, LANDING).waitFor();
    // View scope: no forms to answer with.
    expect(await clientPage.getByRole('textbox').count()).toBe(0);

    await issued.getByRole('button', { name: 'Pronto' }).click();
    // The newest active link of the clinic is the one just made (the demo's is older).
    await clinic.getByRole('button', { name: `Revogar o link de ${CLINIC}` }).first().click();
    await ana.getByText(`Link de ${CLINIC} revogado`, { exact: false }).waitFor();
    await clientPage.getByRole('heading', { name: 'Link inválido ou expirado' }).waitFor({ timeout: 5_000 });
    expect(await ticketOn(clientPage, LANDING).count()).toBe(0);

    // And it stays dead on a reload.
    await clientPage.reload();
    await clientPage.getByRole('heading', { name: 'Link inválido ou expirado' }).waitFor();
  });
});
