/**
 * The conversation by email (issue 4), end to end: a real Fluxo server with mail on both ways —
 * its outbox worker sends to a real SMTP mailbox in this process (`SMTP_URL`), and clients write
 * from their mail program to its inbound listener (`INBOUND_SMTP_PORT`, `INBOUND_DOMAIN`) — and
 * Ana, the account manager of the demo clients, in Chromium (pt-BR).
 *
 * The demo agency takes mail at `atendimento@demo.fluxo` (its staff are `@demo.fluxo`);
 * Márcia writes from `marcia@paodourado.com.br`, the address on record of Padaria Pão Dourado
 * (server/src/demo/seedDemo.ts). Each test opens its own ticket by email, so the tests do not
 * depend on each other's results.
 *
 * Waits, never sleeps: for a card, a comment in the thread, a message in a mailbox — bounded so
 * a failure names its step well inside the 60 s test limit. Updates to a client collapse into
 * one email per burst; the server's window is set to 1 s here (`MAIL_BURST_WINDOW_SECONDS`;
 * the product's default is 2 minutes) and its worker polls every 2 s.
 */
import { randomBytes } from 'node:crypto';
import { type Browser, type BrowserContext, type Locator, type Page, request as playwrightRequest } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { type RunningServer, freePort, mailEnvironment, startFluxo } from '../support/fluxoServer.js';
import { type Mailbox, type ReceivedMail, sendAsClient, startMailbox } from '../support/mailbox.js';
import { ANA, DEMO_PASSWORD as PASSWORD, DORA, SEEN_WITHIN, STAGES, card, markPage, openBoard as openBoardAt, openTicketId } from '../support/staffBoard.js';

const INBOUND_DOMAIN = 'demo.fluxo';
const INTAKE = `atendimento@${INBOUND_DOMAIN}`;
const MARCIA = 'marcia@paodourado.com.br';
const MARCIA_FROM = `Márcia Souza <${MARCIA}>`;
const CLIENT_NAME = 'Padaria Pão Dourado';

/** How long an email may take to leave: the burst window (1 s) + a worker poll (2 s) + slack. */
const MAILED_WITHIN = 12_000;

let server: RunningServer;
let mailbox: Mailbox;
let inboundPort: number;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [mailbox, inboundPort, browser] = await Promise.all([startMailbox(), freePort(), launchChromium()]);
  server = await startFluxo(
    mailEnvironment({
      smtpUrl: mailbox.url,
      inboundPort,
      inboundDomain: INBOUND_DOMAIN,
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

// ---- how a person finds things (more in support/staffBoard.ts) ---------------------------------

/** A new browser context signed in as `email`, on the demo board, synced. */
const openBoard = (email: string): Promise<Page> => openBoardAt({ browser, contexts }, server.url, email);

/** The ticket number a card shows ("#12"). */
async function numberOn(ticket: Locator): Promise<number> {
  const text = await ticket.getByText(/^#\d+$/).textContent({ timeout: SEEN_WITHIN });
  return Number((text ?? '').slice(1));
}

/** A subject unique to this run, so a mailbox search cannot pick up another test's mail. */
const unique = (subject: string): string => `${subject} ${randomBytes(3).toString('hex')}`;

const subjectNames = (mail: ReceivedMail, number: number, title: string): boolean =>
  mail.email.subject === `[${CLIENT_NAME}] #${number} ${title}`;

/** The whole message as text: headers, plain and HTML parts (also quoted-printable/base64 decoded). */
const everything = (mail: ReceivedMail): string => `${mail.raw}\n${mail.email.text ?? ''}\n${mail.email.html ?? ''}`;

interface OutboxRow {
  readonly kind: 'notification' | 'client_comment' | 'ticket_received';
  readonly to: string;
  readonly status: 'pending' | 'sending' | 'sent' | 'failed';
  readonly ticketId: string | null;
}

/**
 * The outbox as the agency's admin sees it: Dora's session (signed in once) and `mail.outbox`
 * over HTTP, as her browser's outbox page asks for it.
 */
async function outboxAsAdmin(): Promise<{ rows: () => Promise<OutboxRow[]>; close: () => Promise<void> }> {
  const api = await playwrightRequest.newContext({ baseURL: server.url });
  const login = await api.post('/trpc/auth.login', { data: { email: DORA, password: PASSWORD } });
  expect(login.ok(), await login.text()).toBe(true);
  return {
    rows: async () => {
      const answer = await api.get(`/trpc/mail.outbox?input=${encodeURIComponent(JSON.stringify({ limit: 200 }))}`);
      expect(answer.ok(), await answer.text()).toBe(true);
      return ((await answer.json()) as { result: { data: OutboxRow[] } }).result.data;
    },
    close: () => api.dispose(),
  };
}

// ---- the stories -------------------------------------------------------------------------------

describe('conversation by email, with a real mailbox', () => {
  it("a client's email opens a ticket live on Ana's board, and the client is answered at once with its number", async () => {
    const title = unique('Cardápio de inverno no site');
    const ana = await openBoard(ANA);
    const notReloaded = await markPage(ana);

    const messageId = await sendAsClient(inboundPort, {
      from: MARCIA_FROM,
      to: INTAKE,
      subject: title,
      text: 'Olá! Queremos o cardápio de inverno no site até sexta.\n\nObrigada,\nMárcia',
    });

    // The card appears in Triagem, numbered, without a reload.
    const arrived = card(ana, 'Triagem', title);
    await arrived.waitFor({ timeout: SEEN_WITHIN });
    const number = await numberOn(arrived);
    expect(number).toBeGreaterThan(0);
    expect(await notReloaded()).toBe(true);
    for (const other of STAGES.slice(1)) expect(await card(ana, other, title).count()).toBe(0);

    // It came in by e-mail, from Márcia, for the padaria.
    await arrived.getByText(title).click();
    const drawer = ana.getByRole('dialog');
    await drawer.getByRole('heading', { name: new RegExp(title) }).waitFor();
    expect(await drawer.getByLabel('Canal').inputValue()).toBe('email');
    expect(await drawer.getByLabel('Descrição interna').inputValue()).toContain(`Enviado por e-mail por ${MARCIA_FROM}.`);

    // Márcia's mailbox has the answer: one email, naming the client and the ticket number,
    // threaded under her message.
    const [answer] = await mailbox.waitFor(MARCIA, (mail) => subjectNames(mail, number, title), { timeoutMs: MAILED_WITHIN });
    expect(answer?.email.text).toContain(`#${number}`);
    expect(answer?.email.inReplyTo).toBe(`<${messageId}>`);
    expect(answer?.header('auto-submitted')).toBe('auto-replied');
    expect(mailbox.to(MARCIA).filter((mail) => (mail.email.subject ?? '').includes(title))).toHaveLength(1);
  });

  it("Ana's internal note reaches no mailbox, her reply reaches the client's as one email, and the client's answer comes back into the thread, live", async () => {
    const title = unique('Fotos novas dos pães artesanais');
    const suffix = randomBytes(4).toString('hex');
    const canary = `NOTA-INTERNA-${suffix}`;
    const replyText = `Olá, Márcia! As fotos ficam prontas na quinta-feira. RESPOSTA-${suffix}`;
    const answerText = `Perfeito, pode publicar na sexta. RETORNO-${suffix}`;

    const ana = await openBoard(ANA);
    const notReloaded = await markPage(ana);
    await sendAsClient(inboundPort, { from: MARCIA_FROM, to: INTAKE, subject: title, text: 'Tiramos fotos novas dos pães. Podem usar no Instagram?' });
    const ticket = card(ana, 'Triagem', title);
    await ticket.waitFor({ timeout: SEEN_WITHIN });
    const number = await numberOn(ticket);
    await mailbox.waitFor(MARCIA, (mail) => subjectNames(mail, number, title), { timeoutMs: MAILED_WITHIN });

    await ticket.getByText(title).click();
    const drawer = ana.getByRole('dialog');
    await drawer.getByRole('heading', { name: new RegExp(title) }).waitFor();
    const ticketId = openTicketId(ana);
    const conversation = drawer.getByRole('region', { name: 'Conversa' });
    await conversation.getByText('Nenhuma mensagem ainda.').waitFor({ timeout: SEEN_WITHIN });
    const box = conversation.getByLabel('Nova mensagem');
    const message = (text: string): Locator => conversation.getByRole('article').filter({ hasText: text });

    // An internal note: the composer starts on "Nota interna".
    expect(await conversation.getByRole('radio', { name: /^Nota interna/ }).isChecked()).toBe(true);
    await box.fill(`Margem de 40% neste pedido, não comentar com a cliente. ${canary}`);
    await conversation.getByRole('button', { name: 'Salvar nota interna' }).click();
    await message(canary).waitFor({ timeout: SEEN_WITHIN });
    expect(await message(canary).textContent()).toContain('Nota interna');

    // Then a reply to the client, chosen on purpose.
    await conversation.getByRole('radio', { name: /^Resposta ao cliente/ }).check();
    await box.fill(replyText);
    await conversation.getByRole('button', { name: 'Enviar ao cliente' }).click();
    await message(replyText).waitFor({ timeout: SEEN_WITHIN });
    expect(await message(replyText).textContent()).toContain('Visível ao cliente');
    expect(await conversation.getByRole('radio', { name: /^Nota interna/ }).isChecked()).toBe(true);

    // Márcia's mailbox gets the reply, under a subject naming her company and the ticket.
    const [update] = await mailbox.waitFor(MARCIA, (mail) => everything(mail).includes(`RESPOSTA-${suffix}`), { timeoutMs: MAILED_WITHIN });
    if (update === undefined) throw new Error('no update');
    expect(update.email.subject).toBe(`[${CLIENT_NAME}] #${number} ${title}`);
    expect(update.email.text).toContain(replyText);
    expect(everything(update)).not.toContain(canary);
    const replyTo = update.email.replyTo?.[0];
    const replyAddress = replyTo !== undefined && 'address' in replyTo ? (replyTo.address ?? '') : '';
    expect(replyAddress).toMatch(/^t\+[0-9a-z]+@demo\.fluxo$/);

    // Márcia answers from her mail program: to the reply address, threaded under Ana's email,
    // quoting it below her words as mail programs do.
    await sendAsClient(inboundPort, {
      from: MARCIA_FROM,
      to: replyAddress,
      subject: `Re: ${update.email.subject ?? ''}`,
      inReplyTo: `<${update.messageId ?? ''}>`,
      references: [`<${update.messageId ?? ''}>`],
      text:
        `${answerText}\n\nAbraços,\nMárcia\n\n` +
        `Em qui., 13 de mar. de 2025 às 10:00, Agência Ponto Criativo <equipe@demo.fluxo> escreveu:\n` +
        replyText.split('\n').map((line) => `> ${line}`).join('\n') +
        '\n',
    });

    // It appears in Ana's open drawer by itself: Márcia's, by e-mail, visible to the client,
    // without the quoted email.
    const fromMarcia = conversation.getByRole('article', { name: 'Márcia Souza' });
    await fromMarcia.waitFor({ timeout: SEEN_WITHIN });
    const shown = (await fromMarcia.textContent()) ?? '';
    expect(shown).toContain(answerText);
    expect(shown).toContain('por e-mail');
    expect(shown).toContain('Visível ao cliente');
    expect(shown).not.toContain(`RESPOSTA-${suffix}`);
    expect(shown).not.toContain('escreveu:');
    expect(await notReloaded()).toBe(true);

    // Once the outbox has sent everything about this ticket (the staff hear that Márcia
    // answered), nothing is waiting to go out later: only now does "never" mean something.
    const outbox = await outboxAsAdmin();
    let rows: OutboxRow[];
    try {
      await expect
        .poll(async () => (await outbox.rows()).filter((row) => row.ticketId === ticketId && row.status !== 'sent'), {
          timeout: MAILED_WITHIN,
          interval: 500,
        })
        .toEqual([]);
      rows = (await outbox.rows()).filter((row) => row.ticketId === ticketId);
    } finally {
      await outbox.close();
    }
    expect(rows.filter((row) => row.kind !== 'notification').map((row) => `${row.kind} → ${row.to}`).sort()).toEqual([
      `client_comment → ${MARCIA}`,
      `ticket_received → ${MARCIA}`,
    ]);
    expect(rows.filter((row) => row.kind === 'notification').every((row) => row.to.endsWith('@demo.fluxo'))).toBe(true);

    // Márcia got exactly two emails about the ticket — the answer and Ana's reply — and no
    // email to anyone holds the internal note.
    const aboutTicket = mailbox.to(MARCIA).filter((mail) => subjectNames(mail, number, title));
    expect(aboutTicket).toHaveLength(2);
    expect(aboutTicket.filter((mail) => everything(mail).includes(`RESPOSTA-${suffix}`))).toHaveLength(1);
    expect(mailbox.received.filter((mail) => everything(mail).includes(canary))).toEqual([]);
  });
});
