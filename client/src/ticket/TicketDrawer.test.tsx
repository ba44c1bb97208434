import { createTicket } from '@fluxo/shared/board/createTicket';
import { editText } from '@fluxo/shared/board/editText';
import { readTicket } from '@fluxo/shared/board/readBoard';
import { setStatus } from '@fluxo/shared/board/setStatus';
import { toggleStep } from '@fluxo/shared/board/setSteps';
import type { BoardId, ClientId, TicketId, UserId } from '@fluxo/shared/ids';
import { REMOTE_ORIGIN, type TransactionOrigin, userOrigin } from '@fluxo/shared/origin';
import { presenceColor } from '@fluxo/shared/sync/presence';
import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { QueryClient, QueryClientProvider } from '@tanstack/solid-query';
import userEvent from '@testing-library/user-event';
import { Show, createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import TrpcProvider from '../data/TrpcProvider';
import LocaleProvider from '../i18n/LocaleProvider';
import { type Handler, createFakeServer } from '../test/fakeServer';
import { SEED_TICKET_KINDS } from '@fluxo/shared/kinds/ticketKind';
import { HISTORY_REFETCH_DELAY_MS } from './HistoryTimeline';
import TicketDrawer, { type BoardMember } from './TicketDrawer';

const ANA = 'AnaAtendimento01' as UserId;
const PAULO = 'PauloProducao001' as UserId;
const DORA = 'DoraDiretora0001' as UserId;
const BOARD = 'BoardFluxoDemo01' as BoardId;
const TICKET = 'Ticket0000000001' as TicketId;
const LOJA = 'ClienteLojaAzul1' as ClientId;
const ESCOLA = 'ClienteEscolaX01' as ClientId;

const MEMBERS: BoardMember[] = [
  { id: ANA, name: 'Ana', role: 'atendimento' },
  { id: PAULO, name: 'Paulo', role: 'producao' },
  { id: DORA, name: 'Dora', role: 'admin' },
];
const CLIENTS = [
  { id: ESCOLA, name: 'Escola X' },
  { id: LOJA, name: 'Loja Azul' },
];

interface Person {
  readonly id: UserId;
  readonly name: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly origin: TransactionOrigin;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/**
 * Ana and Paulo, each with a replica of the board and an awareness, wired in-process the way the
 * sync server relays them: every local update and awareness change reaches the other at once.
 */
function twoPeople(): { ana: Person; paulo: Person } {
  const person = (id: UserId, name: string): Person => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: { id, name, color: presenceColor(id) }, viewing: null, dragging: null, cursor: null });
    cleanups.push(() => awareness.destroy());
    return { id, name, doc, awareness, origin: userOrigin(id) };
  };
  const ana = person(ANA, 'Ana');
  const paulo = person(PAULO, 'Paulo');
  for (const [from, to] of [
    [ana, paulo],
    [paulo, ana],
  ] as const) {
    from.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE_ORIGIN) Y.applyUpdate(to.doc, update, REMOTE_ORIGIN);
    });
    from.awareness.on('update', (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === 'remote') return;
      const clients = [...change.added, ...change.updated, ...change.removed];
      applyAwarenessUpdate(to.awareness, encodeAwarenessUpdate(from.awareness, clients), 'remote');
    });
  }
  createTicket(
    ana.doc,
    {
      id: TICKET,
      title: 'Banner da campanha de desconto',
      channel: 'email',
      clientId: LOJA,
      kind: 'banner',
      summary: 'Vamos criar o banner da campanha.',
      description: 'Banner 1200x400 para a home',
      steps: ['concept', 'copy', 'design', 'review'],
      assignees: [PAULO],
      createdAt: '2025-03-10T12:00:00.000Z',
    },
    ana.origin,
  );
  return { ana, paulo };
}

const HISTORY = [
  {
    id: 'Hist000000000001',
    boardId: BOARD,
    ticketId: TICKET,
    ticketNumber: 7,
    at: '2025-03-10T12:00:00.000Z',
    author: ANA,
    authorName: 'Ana',
    kind: 'created',
    stage: 'triage',
    status: 'open',
    channel: 'email',
    clientId: LOJA,
  },
  {
    id: 'Hist000000000002',
    boardId: BOARD,
    ticketId: TICKET,
    ticketNumber: 7,
    at: '2025-03-10T12:30:00.000Z',
    author: ANA,
    authorName: 'Ana',
    kind: 'moved',
    from: 'triage',
    to: 'analysis',
  },
  {
    id: 'Hist000000000003',
    boardId: BOARD,
    ticketId: TICKET,
    ticketNumber: 7,
    at: '2025-03-10T13:00:00.000Z',
    author: PAULO,
    authorName: 'Paulo',
    kind: 'step_done',
    step: 'design',
  },
  {
    id: 'Hist000000000004',
    boardId: BOARD,
    ticketId: TICKET,
    ticketNumber: 7,
    at: '2025-03-10T13:05:00.000Z',
    author: null,
    authorName: null,
    kind: 'due_date_changed',
    from: null,
    to: '2025-03-20',
  },
];

function defaultHandlers(): Record<string, Handler> {
  return {
    'tickets.history': () => HISTORY,
    'workspace.kinds': () => SEED_TICKET_KINDS.map((k) => (k.slug === 'student_support' ? { ...k, archived: true } : k)),
    'tickets.attention': () => [],
    'tickets.acknowledge': () => ({ cleared: true }),
  };
}

/** The drawers of the given people side by side, each in its own labelled region, on one fake server. */
function renderDrawers(people: Person[], options: { handlers?: Record<string, Handler>; onClose?: () => void } = {}) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['pt-BR']);
  const server = createFakeServer({ ...defaultHandlers(), ...options.handlers });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const user = userEvent.setup();
  const view = render(() => (
    <TrpcProvider client={server.client}>
      <QueryClientProvider client={queryClient}>
        <LocaleProvider>
          {people.map((person) => (
            <section aria-label={person.name}>
              <TicketDrawer
                doc={person.doc}
                origin={person.origin}
                ticketId={TICKET}
                boardId={BOARD}
                me={{ id: person.id, name: person.name, role: person.id === ANA ? 'atendimento' : 'producao' }}
                members={MEMBERS}
                clients={CLIENTS}
                awareness={person.awareness}
                onClose={options.onClose ?? (() => {})}
              />
            </section>
          ))}
        </LocaleProvider>
      </QueryClientProvider>
    </TrpcProvider>
  ));
  const drawerOf = (person: Person) => within(screen.getByRole('region', { name: person.name }));
  return { ...view, server, queryClient, user, drawerOf };
}

describe('TicketDrawer', () => {
  it('is a dialog named by the title, with the client summary and internal description labelled as such', () => {
    const { ana } = twoPeople();
    const { drawerOf } = renderDrawers([ana]);
    const dialog = drawerOf(ana).getByRole('dialog', { name: 'Banner da campanha de desconto' });
    expect(dialog).toBeInTheDocument();
    const summary = within(dialog).getByRole('textbox', { name: 'Resumo para o cliente' });
    expect(summary).toHaveValue('Vamos criar o banner da campanha.');
    expect(summary).toHaveAccessibleDescription('Em linguagem simples: é isto que o cliente verá.');
    const description = within(dialog).getByRole('textbox', { name: 'Descrição interna' });
    expect(description).toHaveValue('Banner 1200x400 para a home');
    expect(description).toHaveAccessibleDescription('Só para a equipe: o cliente nunca vê.');
    expect(within(dialog).getByTestId('ticket-stage')).toHaveTextContent('Triagem');
    expect(within(dialog).getByText('Ainda sem número')).toBeInTheDocument();
  });

  it("shows one person's typing in the other's drawer, and the title follows", async () => {
    const { ana, paulo } = twoPeople();
    const { drawerOf, user } = renderDrawers([ana, paulo]);
    const anaDescription = drawerOf(ana).getByRole('textbox', { name: 'Descrição interna' });
    await user.type(anaDescription, ' e mobile');
    expect(readTicket(paulo.doc, TICKET)?.description).toBe('Banner 1200x400 para a home e mobile');
    expect(drawerOf(paulo).getByRole('textbox', { name: 'Descrição interna' })).toHaveValue(
      'Banner 1200x400 para a home e mobile',
    );
    const anaTitle = drawerOf(ana).getByRole('textbox', { name: 'Título' });
    await user.type(anaTitle, '!');
    expect(drawerOf(paulo).getByRole('dialog', { name: 'Banner da campanha de desconto!' })).toBeInTheDocument();
  });

  it('keeps the caret of a person typing before a remote insertion where it was', async () => {
    const { ana, paulo } = twoPeople();
    const { drawerOf, user } = renderDrawers([ana, paulo]);
    const box = drawerOf(paulo).getByRole('textbox', { name: 'Descrição interna' }) as HTMLTextAreaElement;
    await user.type(box, ' ok', { initialSelectionStart: 6, initialSelectionEnd: 6 }); // "Banner ok|"
    expect(box).toHaveValue('Banner ok 1200x400 para a home');
    expect(box.selectionStart).toBe(9);
    // Ana types after Paulo's caret, then before it, through her own replica.
    editText(ana.doc, { ticketId: TICKET, field: 'description', index: 30, insert: ' (urgente)' }, ana.origin);
    expect(box).toHaveValue('Banner ok 1200x400 para a home (urgente)');
    expect([box.selectionStart, box.selectionEnd]).toEqual([9, 9]);
    editText(ana.doc, { ticketId: TICKET, field: 'description', index: 0, insert: 'Novo ' }, ana.origin);
    expect(box).toHaveValue('Novo Banner ok 1200x400 para a home (urgente)');
    expect([box.selectionStart, box.selectionEnd]).toEqual([14, 14]);
    await user.keyboard('!');
    expect(readTicket(ana.doc, TICKET)?.description).toBe('Novo Banner ok! 1200x400 para a home (urgente)');
  });

  it("publishes the caret in awareness and shows who is editing which field, with a caret at the place", async () => {
    const { ana, paulo } = twoPeople();
    const { drawerOf, user } = renderDrawers([ana, paulo]);
    expect(drawerOf(ana).getByText('Paulo também está com este ticket aberto')).toBeInTheDocument();
    const box = drawerOf(paulo).getByRole('textbox', { name: 'Resumo para o cliente' });
    await user.click(box);
    (box as HTMLTextAreaElement).setSelectionRange(5, 5);
    fireEvent.select(box);
    const cursor = ana.awareness.getStates().get(paulo.awareness.clientID)?.cursor as { field: string } | null;
    expect(cursor?.field).toBe('summary');
    const indicator = await drawerOf(ana).findByTestId('editing-summary');
    expect(indicator).toHaveTextContent('Paulo está editando');
    expect(drawerOf(ana).queryByTestId('editing-description')).not.toBeInTheDocument();
    const caret = drawerOf(ana).getByText('Paulo', { selector: '.remote-carets__name' });
    expect(caret.closest('.remote-carets__content')?.textContent?.startsWith('Vamos')).toBe(true);
    // Only the text before the caret comes before the caret mark in the mirror.
    const before = caret.parentElement?.previousElementSibling?.textContent;
    expect(before).toBe('Vamos');
    await user.click(drawerOf(paulo).getByRole('textbox', { name: 'Título' }));
    await waitFor(() => expect(drawerOf(ana).queryByTestId('editing-summary')).not.toBeInTheDocument());
    expect(drawerOf(ana).getByTestId('editing-title')).toHaveTextContent('Paulo está editando');
  });

  it('writes status, steps, assignees, deadline and details to the document', async () => {
    const { ana, paulo } = twoPeople();
    const { drawerOf, user } = renderDrawers([ana]);
    const drawer = drawerOf(ana);
    await user.selectOptions(drawer.getByRole('combobox', { name: 'Situação' }), 'waiting_client');
    expect(readTicket(paulo.doc, TICKET)?.status).toBe('waiting_client');

    const progress = within(drawer.getByRole('group', { name: '0 de 4 concluídas' }));
    await user.click(progress.getByRole('checkbox', { name: 'Conceito' }));
    expect(readTicket(paulo.doc, TICKET)?.steps[0]).toEqual({ step: 'concept', done: true });
    expect(drawer.getByRole('group', { name: '1 de 4 concluídas' })).toBeInTheDocument();
    const choose = within(drawer.getByRole('group', { name: 'Escolher etapas' }));
    await user.click(choose.getByRole('checkbox', { name: 'Publicação' }));
    expect(readTicket(paulo.doc, TICKET)?.steps.map((s) => s.step)).toEqual(['concept', 'copy', 'design', 'review', 'publish']);

    await user.selectOptions(drawer.getByRole('combobox', { name: 'Adicionar responsável' }), DORA);
    expect(readTicket(paulo.doc, TICKET)?.assignees).toEqual([DORA, PAULO]);
    await user.click(drawer.getByRole('button', { name: 'Remover Paulo' }));
    expect(readTicket(paulo.doc, TICKET)?.assignees).toEqual([DORA]);

    fireEvent.change(drawer.getByLabelText('Prazo'), { target: { value: '2025-03-20' } });
    expect(readTicket(paulo.doc, TICKET)?.dueDate).toBe('2025-03-20');
    await user.click(drawer.getByRole('button', { name: 'Limpar prazo' }));
    expect(readTicket(paulo.doc, TICKET)?.dueDate).toBeNull();

    await user.selectOptions(drawer.getByRole('combobox', { name: 'Canal' }), 'whatsapp');
    await user.selectOptions(drawer.getByRole('combobox', { name: 'Cliente' }), ESCOLA);
    const kind = drawer.getByRole('combobox', { name: 'Tipo' });
    await waitFor(() => expect(within(kind).getByRole('option', { name: 'Landing page' })).toBeInTheDocument());
    // Archived kinds are not offered.
    expect(within(kind).queryByRole('option', { name: 'Suporte ao aluno' })).toBeNull();
    await user.selectOptions(kind, 'landing_page');
    expect(readTicket(paulo.doc, TICKET)).toMatchObject({ channel: 'whatsapp', clientId: ESCOLA, kind: 'landing_page' });
    // The ticket already had steps: the kind's steps do not replace them.
    expect(readTicket(paulo.doc, TICKET)?.steps.map((s) => s.step)).toEqual(['concept', 'copy', 'design', 'review', 'publish']);
    await user.selectOptions(kind, '');
    expect(readTicket(paulo.doc, TICKET)?.kind).toBeNull();

    const priority = drawer.getByRole('combobox', { name: 'Prioridade' });
    expect(priority).toHaveValue('normal'); // never set
    expect(within(priority).getAllByRole('option').map((o) => o.textContent)).toEqual(['Baixa', 'Normal', 'Alta', 'Urgente']);
    await user.selectOptions(priority, 'urgent');
    expect(readTicket(paulo.doc, TICKET)?.priority).toBe('urgent');
  });

  it("carries the session's origin, so the session's undo manager takes the drawer's changes back", async () => {
    const { ana, paulo } = twoPeople();
    const undo = new Y.UndoManager(ana.doc.getMap('tickets'), { trackedOrigins: new Set([ana.origin]), captureTimeout: 0 });
    cleanups.push(() => undo.destroy());
    const { drawerOf, user } = renderDrawers([ana]);
    await user.selectOptions(drawerOf(ana).getByRole('combobox', { name: 'Situação' }), 'waiting_client');
    await user.type(drawerOf(ana).getByRole('textbox', { name: 'Título' }), '!');
    expect(undo.undoStack.length).toBe(2);
    undo.undo();
    expect(drawerOf(ana).getByRole('textbox', { name: 'Título' })).toHaveValue('Banner da campanha de desconto');
    undo.undo();
    expect(drawerOf(ana).getByRole('combobox', { name: 'Situação' })).toHaveValue('open');
    expect(readTicket(paulo.doc, TICKET)).toMatchObject({ status: 'open', title: 'Banner da campanha de desconto' });
  });

  it('follows remote changes and the flow rules: a closed ticket can only be reopened', () => {
    const { ana, paulo } = twoPeople();
    const { drawerOf } = renderDrawers([ana]);
    const status = drawerOf(ana).getByRole('combobox', { name: 'Situação' }) as HTMLSelectElement;
    setStatus(paulo.doc, { ticketId: TICKET, status: 'done' }, paulo.origin);
    expect(status).toHaveValue('done');
    const enabled = [...status.options].filter((o) => !o.disabled).map((o) => o.value);
    expect(enabled).toEqual(['open', 'done']);
    expect(status).toHaveAccessibleDescription('Um ticket encerrado só pode ser reaberto.');
  });

  it('archives after a confirmation, and restores', async () => {
    const { ana, paulo } = twoPeople();
    const { drawerOf, user } = renderDrawers([ana]);
    const drawer = drawerOf(ana);
    await user.click(drawer.getByRole('button', { name: 'Arquivar…' }));
    const confirm = drawer.getByRole('alertdialog');
    await waitFor(() => expect(within(confirm).getByRole('button', { name: 'Cancelar' })).toHaveFocus());
    await user.keyboard('{Escape}');
    expect(drawer.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(drawer.getByRole('dialog')).toBeInTheDocument();
    expect(readTicket(paulo.doc, TICKET)?.archived).toBe(false);
    await user.click(drawer.getByRole('button', { name: 'Arquivar…' }));
    await user.click(drawer.getByRole('button', { name: 'Sim, arquivar' }));
    expect(readTicket(paulo.doc, TICKET)?.archived).toBe(true);
    expect(drawer.getByText('Este ticket está arquivado e não aparece no quadro.')).toBeInTheDocument();
    await user.click(drawer.getByRole('button', { name: 'Restaurar' }));
    expect(readTicket(paulo.doc, TICKET)?.archived).toBe(false);
  });

  it('renders the history, newest first, in the reader language', async () => {
    const { ana } = twoPeople();
    const { drawerOf, server } = renderDrawers([ana]);
    const history = drawerOf(ana).getByRole('region', { name: 'Histórico' });
    const items = await within(history).findAllByRole('listitem');
    expect(items.map((item) => item.querySelector('.ticket-history__text')?.textContent)).toEqual([
      'Fluxo (automático) definiu o prazo para 20 de mar. de 2025',
      'Paulo concluiu a etapa Design',
      'Ana moveu de Triagem para Análise',
      'Ana abriu o ticket em Triagem, via E-mail',
    ]);
    expect(items[2]?.querySelector('time')).toHaveAttribute('datetime', '2025-03-10T12:30:00.000Z');
    expect(server.callsTo('tickets.history')[0]?.input).toEqual({ boardId: BOARD, ticketId: TICKET });
  });

  it('asks for the history again once recorded changes have been quiet for a moment, not for typing', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    cleanups.push(() => vi.useRealTimers());
    const { ana, paulo } = twoPeople();
    const { drawerOf, server } = renderDrawers([ana]);
    await within(drawerOf(ana).getByRole('region', { name: 'Histórico' })).findAllByRole('listitem');
    expect(server.callsTo('tickets.history')).toHaveLength(1);
    editText(paulo.doc, { ticketId: TICKET, field: 'description', index: 0, insert: 'Urgente: ' }, paulo.origin);
    await vi.advanceTimersByTimeAsync(HISTORY_REFETCH_DELAY_MS * 2);
    expect(server.callsTo('tickets.history')).toHaveLength(1);
    for (const step of ['concept', 'copy', 'design'] as const) {
      toggleStep(paulo.doc, { ticketId: TICKET, step }, paulo.origin);
      await vi.advanceTimersByTimeAsync(HISTORY_REFETCH_DELAY_MS / 3);
    }
    expect(server.callsTo('tickets.history')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(HISTORY_REFETCH_DELAY_MS);
    await waitFor(() => expect(server.callsTo('tickets.history')).toHaveLength(2));
  });

  it('acknowledges a ticket handed back to me when I open it, and only then', async () => {
    const { ana } = twoPeople();
    const attention = [{ ticketId: TICKET, markedAt: '2025-03-10T14:00:00.000Z' }];
    const { server } = renderDrawers([ana], { handlers: { 'tickets.attention': () => attention } });
    await waitFor(() => expect(server.callsTo('tickets.acknowledge')).toHaveLength(1));
    expect(server.callsTo('tickets.acknowledge')[0]?.input).toEqual({ boardId: BOARD, ticketId: TICKET });

    const other = twoPeople();
    const second = renderDrawers([other.ana], { handlers: { 'tickets.attention': () => [] } });
    await waitFor(() => expect(second.server.callsTo('tickets.attention')).toHaveLength(1));
    expect(second.server.callsTo('tickets.acknowledge')).toHaveLength(0);
  });

  it('closes on Escape and with the close button, and focus returns to the card', async () => {
    const { ana } = twoPeople();
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['pt-BR']);
    const server = createFakeServer(defaultHandlers());
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const user = userEvent.setup();
    const [open, setOpen] = createSignal(false);
    render(() => (
      <TrpcProvider client={server.client}>
        <QueryClientProvider client={queryClient}>
          <LocaleProvider>
            <button type="button" onClick={() => setOpen(true)}>
              Card
            </button>
            <Show when={open()}>
              <TicketDrawer
                doc={ana.doc}
                origin={ana.origin}
                ticketId={TICKET}
                boardId={BOARD}
                me={{ id: ANA, name: 'Ana', role: 'atendimento' }}
                members={MEMBERS}
                clients={CLIENTS}
                awareness={ana.awareness}
                onClose={() => setOpen(false)}
              />
            </Show>
          </LocaleProvider>
        </QueryClientProvider>
      </TrpcProvider>
    ));
    const card = screen.getByRole('button', { name: 'Card' });
    await user.click(card);
    const dialog = screen.getByRole('dialog', { name: 'Banner da campanha de desconto' });
    expect(within(dialog).getByRole('heading', { level: 2 })).toHaveFocus();
    expect(ana.awareness.getLocalState()?.viewing).toBe(TICKET);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(card).toHaveFocus();
    expect(ana.awareness.getLocalState()?.viewing).toBeNull();

    await user.keyboard('{Enter}');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Fechar' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(card).toHaveFocus();
  });
});

describe('TicketDrawer: client approval', () => {
  const sent = {
    id: 'ApprovalBanner01',
    ticketId: TICKET,
    milestone: null,
    title: 'Arte final',
    note: '',
    deliverable: { type: 'link', url: 'https://figma.example/arte' },
    version: 1,
    contentHash: 'cd'.repeat(32),
    requestedBy: { id: ANA, name: 'Ana' },
    requestedAt: '2025-03-10T14:00:00.000Z',
    status: 'changes_requested',
    decision: {
      outcome: 'changes_requested',
      at: '2025-03-10T15:00:00.000Z',
      by: { name: 'Loja Azul', email: null },
      via: 'share_link',
      note: 'Logo maior',
      contentHash: 'cd'.repeat(32),
      commentId: null,
      recordedBy: null,
      recordedByName: null,
    },
    closedAt: null,
  };

  it('lists what was sent and decided, holds "done" until the client approves, and sends a new version', async () => {
    const { ana } = twoPeople();
    const { drawerOf, server, user } = renderDrawers([ana], {
      handlers: {
        'approvals.forTicket': () => ({ approvals: [sent], gate: { ok: false, missing: ['Banner'] } }),
        'approvals.request': (input) => ({ ...sent, ...(input as object), id: 'ApprovalBanner02', version: 2, status: 'pending', decision: null }),
      },
    });
    const drawer = drawerOf(ana);
    const section = await drawer.findByRole('region', { name: 'Aprovação do cliente' });
    await within(section).findByText(/Ajustes pedidos por Loja Azul .* \(pela página de acompanhamento\)/);
    expect(within(section).getByText('Logo maior')).toBeInTheDocument();
    expect(within(section).getByText(new RegExp(`Código ${'cd'.repeat(6)}$`))).toBeInTheDocument();
    // The kind (banner) needs the client's approval before "done".
    expect(within(section).getByText('Para concluir, falta a aprovação do cliente: Banner.')).toBeInTheDocument();
    const status = drawer.getByRole('combobox', { name: 'Situação' });
    await waitFor(() => expect(within(status).getByRole('option', { name: 'Concluído' })).toBeDisabled());
    expect(status).toHaveAccessibleDescription('Concluir exige a aprovação do cliente (Banner).');

    await user.click(within(section).getByText('Enviar para aprovação'));
    const send = within(section).getByRole('button', { name: 'Enviar ao cliente' });
    expect(send).toBeDisabled();
    await user.type(within(section).getByRole('textbox', { name: 'O que o cliente aprova' }), 'Arte final');
    await user.click(within(section).getByRole('radio', { name: 'Link' }));
    await user.type(within(section).getByRole('textbox', { name: 'Endereço (https://…)' }), 'https://figma.example/arte-v2');
    await user.click(send);
    expect(await within(section).findByText('Versão 2 enviada ao cliente. O ticket aguarda a resposta.')).toBeInTheDocument();
    expect(server.callsTo('approvals.request').map((call) => call.input)).toEqual([
      { boardId: BOARD, ticketId: TICKET, milestoneId: null, title: 'Arte final', note: '', deliverable: { type: 'link', url: 'https://figma.example/arte-v2' } },
    ]);
  });

  it('records an answer the client gave by phone, in their name, and shows who recorded it', async () => {
    const pending = { ...sent, status: 'pending', decision: null };
    let answered = false;
    const recorded = {
      ...sent,
      status: 'approved',
      decision: { ...sent.decision, outcome: 'approved', via: 'phone', by: { name: 'Márcia', email: null }, note: '', recordedBy: ANA, recordedByName: 'Ana' },
    };
    const { ana } = twoPeople();
    const { drawerOf, server, user } = renderDrawers([ana], {
      handlers: {
        'approvals.forTicket': () => ({ approvals: [answered ? recorded : pending], gate: answered ? { ok: true } : { ok: false, missing: ['Banner'] } }),
        'approvals.record': () => {
          answered = true;
          return recorded;
        },
      },
    });
    const section = await drawerOf(ana).findByRole('region', { name: 'Aprovação do cliente' });
    await user.click(await within(section).findByText('Registrar resposta do cliente'));
    const submit = within(section).getByRole('button', { name: 'Registrar' });
    expect(submit).toBeDisabled(); // who answered is required
    await user.selectOptions(within(section).getByRole('combobox', { name: 'Resposta' }), 'changes_requested');
    await user.type(within(section).getByRole('textbox', { name: 'Quem respondeu pelo cliente' }), 'Márcia');
    expect(submit).toBeDisabled(); // a change needs the client's words
    await user.selectOptions(within(section).getByRole('combobox', { name: 'Resposta' }), 'approved');
    await user.selectOptions(within(section).getByRole('combobox', { name: 'Como respondeu' }), 'phone');
    await user.click(submit);
    await within(section).findByText(/Aprovado por Márcia .* \(por telefone, registrado por Ana\)/);
    expect(server.callsTo('approvals.record').map((call) => call.input)).toEqual([
      { boardId: BOARD, approvalId: 'ApprovalBanner01', outcome: 'approved', via: 'phone', clientName: 'Márcia', note: '' },
    ]);
    expect(within(section).queryByText('Registrar resposta do cliente')).toBeNull();
  });
});
