/**
 * The XSS corpus (`@fluxo/shared/testing/xssCorpus`) in the ticket drawer, held to the
 * plain-text checker (`@fluxo/shared/testing/inertText`) against the same drawer with marker
 * texts: no element, attribute, handler or script link the markers did not produce, and every
 * text shown verbatim.
 *
 * - **Names, in one render**: board members (assignees, the "add" options, history authors and
 *   the people history names), clients (the client select, history), comment authors, bodies
 *   and mentions in the conversation (bodies are `renderCommentHtml` markup: only its
 *   allow-list), and colleagues' presence names.
 * - **Texts, one payload after another**: title, client summary and internal description,
 *   written by a colleague into the live document, with that colleague's caret in each field
 *   (the caret mirror repeats the text).
 */
import { SUMMARY_MAX_LENGTH, TITLE_MAX_LENGTH, createTicket } from '@fluxo/shared/board/index';
import { editText } from '@fluxo/shared/board/editText';
import { readTicket } from '@fluxo/shared/board/readBoard';
import { ticketText } from '@fluxo/shared/board/ticketText';
import type { CommentId, CommentView } from '@fluxo/shared/conversation/comment';
import type { BoardId, ClientId, TicketId, UserId } from '@fluxo/shared/ids';
import { serverOrigin, userOrigin } from '@fluxo/shared/origin';
import { PRESENCE_NAME_MAX_LENGTH, presenceColor } from '@fluxo/shared/sync/presence';
import { COMMENT_BODY_MARKUP, inertTextViolations, parsedHtmlText, surfaceShape } from '@fluxo/shared/testing/inertText';
import { XSS_PAYLOADS, payloadsFitting } from '@fluxo/shared/testing/xssCorpus';
import { cleanup, render, screen, waitFor } from '@solidjs/testing-library';
import { QueryClient, QueryClientProvider } from '@tanstack/solid-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import TrpcProvider from '../data/TrpcProvider';
import LocaleProvider from '../i18n/LocaleProvider';
import { createFakeServer } from '../test/fakeServer';
import { anchorCaret, caretToJson } from './caret';
import TicketDrawer, { type BoardMember } from './TicketDrawer';

const ANA = 'AnaAtendimento01' as UserId;
const BOARD = 'BoardFluxoDemo01' as BoardId;
const TICKET = 'Ticket0000000001' as TicketId;
const MARKER = 'marcador';
const AT = '2025-03-10T12:00:00.000Z';
const LOADING = { timeout: 5_000 };
/** Names (members, clients, comment authors) are at most 200 characters, presence names 120. */
const NAMES = payloadsFitting(200);
const PRESENT = payloadsFitting(PRESENCE_NAME_MAX_LENGTH).filter((_, i) => i % 16 === 0);
const ASSIGNED = 50;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const personId = (i: number) => `Person${pad(i, 10)}` as UserId;
const clientId = (i: number) => `Client${pad(i, 10)}` as ClientId;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const done of cleanups.splice(0)) done();
});

interface Scene {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
}

/** Ana's replica with the ticket, and her awareness. */
function scene(title: string, clientIdOf: ClientId | null, assignees: readonly UserId[]): Scene {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalState({ user: { id: ANA, name: 'Ana', color: presenceColor(ANA) }, viewing: null, dragging: null, cursor: null });
  cleanups.push(() => awareness.destroy());
  createTicket(
    doc,
    { id: TICKET, title, channel: 'email', clientId: clientIdOf, summary: MARKER, description: MARKER, assignees: [...assignees], createdAt: AT },
    serverOrigin('seed'),
  );
  return { doc, awareness };
}

/** Colleagues looking at the ticket (their tabs' awareness reaching Ana's), optionally with a caret in a field. */
function colleagues(target: Scene, names: readonly string[], cursor?: (i: number) => 'title' | 'summary' | 'description' | null): void {
  names.forEach((name, i) => {
    const id = `Colleague${pad(i, 7)}` as UserId;
    const tab = new Awareness(new Y.Doc());
    cleanups.push(() => tab.destroy());
    const field = cursor?.(i) ?? null;
    const text = field === null ? null : ticketText(target.doc, TICKET, field);
    const caret = text === null || field === null ? null : { field, ...caretToJson(anchorCaret(text, { anchor: 0, head: 0 })) };
    tab.setLocalState({ user: { id, name, color: presenceColor(id) }, viewing: TICKET, dragging: null, cursor: caret });
    applyAwarenessUpdate(target.awareness, encodeAwarenessUpdate(tab, [tab.clientID]), 'remote');
  });
}

function comment(i: number, text: string, mentioned: UserId): CommentView {
  const author = i % 2 === 0 ? { kind: 'staff' as const, userId: personId(i), name: text } : { kind: 'client' as const, email: 'c@cliente.test', name: text };
  const body = `${text}\n\n<@${mentioned}>`;
  return {
    id: `Comment${pad(i, 9)}` as CommentId,
    boardId: BOARD,
    ticketId: TICKET,
    parentId: null,
    visibility: i % 2 === 0 ? 'internal' : 'client',
    source: 'app',
    author,
    body,
    mentions: [{ userId: mentioned, name: text }],
    createdAt: AT,
    editedAt: null,
    deletedAt: null,
    deletedBy: null,
    revision: 1,
    revisions: [{ body, at: AT, by: author }],
  };
}

/** The drawer with `names[i]` as member i, client i, a history entry's author and the people and client it names, and comment i. */
function renderDrawer(target: Scene, names: readonly string[]) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['pt-BR']);
  const members: BoardMember[] = [{ id: ANA, name: 'Ana', role: 'atendimento' }, ...names.map((name, i) => ({ id: personId(i), name, role: 'producao' as const }))];
  const clients = names.map((name, i) => ({ id: clientId(i), name }));
  const history = names.flatMap((name, i) => [
    { id: `HistA${pad(i, 11)}`, boardId: BOARD, ticketId: TICKET, ticketNumber: 7, at: AT, author: personId(i), authorName: name, kind: 'assigned', userId: personId(i) },
    { id: `HistC${pad(i, 11)}`, boardId: BOARD, ticketId: TICKET, ticketNumber: 7, at: AT, author: personId(i), authorName: name, kind: 'client_changed', from: null, to: clientId(i) },
  ]);
  const comments = names.map((name, i) => comment(i, name, personId(i)));
  const server = createFakeServer({
    'tickets.history': () => history,
    'tickets.attention': () => [],
    'tickets.acknowledge': () => ({ cleared: true }),
    'comments.list': () => ({ comments, cursor: '1' }),
    'comments.mentionable': () => members.map(({ id, name, role }) => ({ id, name, role })),
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(() => (
    <TrpcProvider client={server.client}>
      <QueryClientProvider client={queryClient}>
        <LocaleProvider>
          <TicketDrawer
            doc={target.doc}
            origin={userOrigin(ANA)}
            ticketId={TICKET}
            boardId={BOARD}
            me={{ id: ANA, name: 'Ana', role: 'atendimento' }}
            members={members}
            clients={clients}
            awareness={target.awareness}
            onClose={() => {}}
          />
        </LocaleProvider>
      </QueryClientProvider>
    </TrpcProvider>
  ));
}

async function loaded(count: number): Promise<void> {
  await waitFor(() => expect(document.querySelectorAll('.comment-body')).toHaveLength(count), LOADING);
  await waitFor(() => expect(document.querySelectorAll('.ticket-history li, [data-testid="ticket-history"] li').length).toBeGreaterThanOrEqual(2 * count), LOADING);
}

describe('TicketDrawer: the XSS corpus in every field people write', () => {
  it('shows members, clients, history, comments and presence names as text, and nothing of them as markup', async () => {
    const assignees = NAMES.slice(0, ASSIGNED).map((_, i) => personId(i));
    const markers = NAMES.map(() => MARKER);
    const before = scene(MARKER, clientId(0), assignees);
    colleagues(before, PRESENT.map(() => MARKER));
    renderDrawer(before, markers);
    await loaded(markers.length);
    const baseline = surfaceShape(document.body);
    cleanup();

    const after = scene(MARKER, clientId(0), assignees);
    colleagues(after, PRESENT);
    renderDrawer(after, NAMES);
    await loaded(NAMES.length);
    expect(inertTextViolations(baseline, document.body, { richText: COMMENT_BODY_MARKUP })).toEqual([]);

    const text = document.body.textContent ?? '';
    for (const name of NAMES) expect(text, JSON.stringify(name)).toContain(name);
    // Each name as a whole text: assignee chips, the options of the selects, comment authors, mentions.
    const assigned = [...document.querySelectorAll('.ticket-assignees__name')].map((e) => e.textContent);
    expect(assigned).toEqual(NAMES.slice(0, ASSIGNED));
    const options = [...document.querySelectorAll('option')].map((e) => e.textContent);
    for (const name of NAMES) expect(options, JSON.stringify(name)).toContain(name);
    // Each mention that renders (a payload may open a code block that swallows it) shows the
    // person's name; mentions are rendered markup (`innerHTML`): the HTML parser drops NUL.
    const mentions = [...document.querySelectorAll('.comment-body span.mention')];
    let named = 0;
    NAMES.forEach((name, i) => {
      const mention = mentions.find((e) => e.getAttribute('data-user-id') === personId(i));
      if (mention === undefined) return;
      named += 1;
      expect(mention.textContent, JSON.stringify(name)).toBe(`@${parsedHtmlText(name)}`);
    });
    expect(named).toBeGreaterThan(NAMES.length * 0.9);
    const peers = [...document.querySelectorAll('.presence-dot')].map((e) => e.getAttribute('title'));
    expect(peers.sort()).toEqual([...PRESENT].sort());
    expect((window as unknown as { __xss?: unknown }).__xss).toBeUndefined();
  }, 30_000);

  it('shows the title, summary and description as typed, one payload after another, with a colleague’s caret in each', async () => {
    const fields = ['title', 'summary', 'description'] as const;
    const target = scene(MARKER, null, []);
    colleagues(target, ['Paulo', 'Dora', 'Eva'], (i) => fields[i] ?? null);
    renderDrawer(target, []);
    const dialog = await screen.findByRole('dialog', { name: MARKER });
    await waitFor(() => expect(document.querySelectorAll('.remote-carets__name')).toHaveLength(3), LOADING);
    const baseline = surfaceShape(document.body);
    const paulo = userOrigin('PauloProducao001' as UserId);
    const titleBox = screen.getByRole('textbox', { name: 'Título' }) as HTMLInputElement;
    const summaryBox = screen.getByRole('textbox', { name: 'Resumo para o cliente' }) as HTMLTextAreaElement;
    const descriptionBox = screen.getByRole('textbox', { name: 'Descrição interna' }) as HTMLTextAreaElement;
    const heading = document.getElementById(dialog.getAttribute('aria-labelledby') ?? '') as HTMLElement;

    for (const payload of XSS_PAYLOADS) {
      const shown = JSON.stringify(payload);
      // A title is one line of at most 200 characters (`editText` refuses others).
      const title = payload.length <= TITLE_MAX_LENGTH && !/[\r\n]/.test(payload) ? payload : MARKER;
      const summary = payload.length <= SUMMARY_MAX_LENGTH ? payload : MARKER;
      target.doc.transact(() => {
        for (const field of fields) {
          const value = field === 'title' ? title : field === 'summary' ? summary : payload;
          const current = readTicket(target.doc, TICKET)?.[field] ?? '';
          editText(target.doc, { ticketId: TICKET, field, index: 0, deleteCount: current.length, insert: value }, paulo);
        }
      }, paulo);
      expect(titleBox.value, shown).toBe(title);
      // A text area's value reads line breaks as LF (HTML's API value).
      const multiline = payload.replace(/\r\n?/g, '\n');
      expect(summaryBox.value, shown).toBe(summary.replace(/\r\n?/g, '\n'));
      expect(descriptionBox.value, shown).toBe(multiline);
      expect(heading.textContent, shown).toBe(title.trim());
      const mirrors = [...document.querySelectorAll('.remote-carets__content')].map((e) => e.textContent ?? '');
      expect(inertTextViolations(baseline, document.body, { expectTexts: [multiline] }), shown).toEqual([]);
      expect(mirrors.filter((mirror) => mirror.includes(payload)).length, shown).toBeGreaterThanOrEqual([title, summary, payload].filter((text) => text === payload).length);
    }
    expect((window as unknown as { __xss?: unknown }).__xss).toBeUndefined();
  }, 30_000);
});
