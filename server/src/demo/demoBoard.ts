/**
 * The demo board's tickets. Each one is *replayed* through the shared board commands, step by
 * step and by the person who holds the ticket at that stage (Ana in atendimento, Paulo in
 * produção), following the example flows of seed 001 — so the demo shows exactly what the
 * product does, stopped at a different point for each ticket. Together they sit in every stage
 * and every status.
 *
 * Every command is also recorded as the change the server witness would have been handed
 * (`AcceptedChange`: author, time, the ticket before and after), with times spread between the
 * ticket's opening and now. `seedDemo` feeds those changes to the real witness in time order, so
 * the demo tickets get their numbers, history and attention marks exactly as live ones do.
 */
import {
  type Channel,
  type ClientId,
  type ProductionStep,
  type Stage,
  type Status,
  type TicketId,
  type UserId,
  createTicket,
  moveTicket,
  replaceText,
  setDueDate,
  setStatus,
  setSteps,
  assignTicket,
  toggleStep,
  userOrigin,
} from '@fluxo/shared';
import { type BusinessCalendar, businessMillisBetween, defaultBusinessCalendar } from '@fluxo/shared/deadlines/businessCalendar';
import type { Priority } from '@fluxo/shared/flow/priorities';
import type * as Y from 'yjs';
import type { AcceptedChange } from '../witness/boardChange.js';
import { recordChange } from '../witness/recordChange.js';
import type { DemoSeed } from './seedDemo.js';

/** What `fillDemoBoard` wrote: the tickets, and the changes a witness would have seen. */
export interface DemoBoardFill {
  readonly ticketIds: TicketId[];
  /** In replay order (not time order). */
  readonly changes: AcceptedChange[];
}

/** Runs board commands, recording each as the `AcceptedChange` of `author` at `at`. */
export class DemoRecorder {
  readonly changes: AcceptedChange[] = [];
  readonly #doc: Y.Doc;
  readonly #seed: DemoSeed;

  constructor(doc: Y.Doc, seed: DemoSeed) {
    this.#doc = doc;
    this.#seed = seed;
  }

  run<T>(author: UserId, at: Date, command: () => T): T {
    const meta = { agencyId: this.#seed.agencyId, boardId: this.#seed.boardId, author, at };
    const { result, change } = recordChange(this.#doc, meta, command);
    if (change.tickets.length > 0) this.changes.push(change);
    return result;
  }
}

/** One step of a seed-001 flow: a stage, the status there, and production steps finished. */
export interface FlowStep {
  readonly stage: Stage;
  readonly status: Status;
  readonly stepsDone?: readonly ProductionStep[];
}

const BANNER_STEPS: readonly ProductionStep[] = ['concept', 'copy', 'design', 'review'];
const LANDING_STEPS: readonly ProductionStep[] = ['concept', 'design', 'build', 'review', 'publish'];

/** Seed 001, "Preciso de um banner no site para a campanha de desconto". */
export const BANNER_FLOW: readonly FlowStep[] = [
  { stage: 'triage', status: 'open' },
  { stage: 'analysis', status: 'open' },
  { stage: 'analysis', status: 'waiting_client' },
  { stage: 'analysis', status: 'open' },
  { stage: 'planning', status: 'open' },
  { stage: 'production', status: 'open', stepsDone: BANNER_STEPS },
  { stage: 'delivery', status: 'open' },
  { stage: 'delivery', status: 'waiting_client' },
  { stage: 'delivery', status: 'done' },
];

/** Seed 001, "Preciso de uma landing page para um novo produto". */
export const LANDING_PAGE_FLOW: readonly FlowStep[] = [
  { stage: 'triage', status: 'open' },
  { stage: 'analysis', status: 'open' },
  { stage: 'planning', status: 'open' },
  { stage: 'production', status: 'open', stepsDone: LANDING_STEPS },
  { stage: 'delivery', status: 'open' },
  { stage: 'delivery', status: 'waiting_client' },
  { stage: 'delivery', status: 'done' },
];

/** Seed 001, "Preciso do arquivo da minha logomarca". */
export const LOGO_FILE_FLOW: readonly FlowStep[] = [
  { stage: 'triage', status: 'open' },
  { stage: 'analysis', status: 'open' },
  { stage: 'analysis', status: 'done' },
];

interface DemoTicket {
  readonly title: string;
  readonly summary: string;
  readonly description: string;
  readonly channel: Channel;
  readonly client: ClientId;
  readonly kind: string;
  /** How urgent, when not normal. */
  readonly priority?: Priority;
  readonly steps: readonly ProductionStep[];
  /** The flow replayed, and how many of its steps have happened. */
  readonly flow: readonly FlowStep[];
  readonly upTo: number;
  /** Days from now of the deadline promised at planning, if one was promised. */
  readonly dueInDays?: number;
  /** Days before now the ticket was opened. */
  readonly openedDaysAgo: number;
  /**
   * Instead: opened this many *business* hours ago in the workspace's default calendar, so its
   * resolution clock shows a known state whatever the day and hour the demo starts.
   */
  readonly openedBusinessHoursAgo?: number;
}

/** The instant from which `ms` of business time runs until `now` (binary search; ms precision). */
export function businessInstantBefore(calendar: BusinessCalendar, now: Date, ms: number): Date {
  let early = now.getTime() - 400 * 86_400_000;
  let late = now.getTime();
  while (late - early > 1) {
    const middle = Math.floor((early + late) / 2);
    if (businessMillisBetween(calendar, new Date(middle), now) > ms) early = middle;
    else late = middle;
  }
  return new Date(late);
}

function isoDate(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Replays `flow[0..upTo)` on a fresh ticket. Stage moves are made by the stage's holder:
 * atendimento moves into triage, analysis and planning (it hands the ticket to production's
 * lead), produção into production and delivery (the handoff back). Step `i` of the flow happens
 * at `i + 1` parts of the time between the opening and now, its commands a minute apart.
 */
function replay(doc: Y.Doc, recorder: DemoRecorder, ticket: DemoTicket, seed: DemoSeed, now: Date): TicketId {
  const ana = seed.users.ana.id;
  const paulo = seed.users.paulo.id;
  const steps = ticket.steps;
  // "Today" is two hours ago, so that every recorded time is in the past.
  const openedAt =
    ticket.openedBusinessHoursAgo === undefined
      ? new Date(now.getTime() - Math.max(ticket.openedDaysAgo * 86_400_000, 2 * 3_600_000))
      : businessInstantBefore(defaultBusinessCalendar(now), now, ticket.openedBusinessHoursAgo * 3_600_000);
  const slice = (now.getTime() - openedAt.getTime()) / (ticket.upTo + 1);
  let minute = 0;
  /** The time of the next command of flow step `index`. */
  const timeOf = (index: number) => new Date(openedAt.getTime() + index * slice + minute++ * 60_000);

  const id = recorder.run(ana, timeOf(0), () =>
    createTicket(
      doc,
      {
        title: ticket.title,
        channel: ticket.channel,
        clientId: ticket.client,
        kind: ticket.kind,
        priority: ticket.priority,
        summary: ticket.summary,
        description: ticket.description,
        createdAt: openedAt.toISOString(),
      },
      userOrigin(ana),
    ),
  );
  const as = (author: UserId, index: number, command: (origin: ReturnType<typeof userOrigin>) => void) =>
    recorder.run(author, timeOf(index), () => command(userOrigin(author)));
  let stage: Stage = 'triage';
  let status: Status = 'open';
  as(ana, 0, (o) => assignTicket(doc, { ticketId: id, userId: ana }, o));

  ticket.flow.slice(0, ticket.upTo).forEach((step, index) => {
    minute = 0;
    if (step.stage !== stage) {
      const mover = step.stage === 'production' || step.stage === 'delivery' ? paulo : ana;
      as(mover, index, (o) => moveTicket(doc, { ticketId: id, toStage: step.stage }, o));
      if (step.stage === 'planning') {
        as(paulo, index, (o) => setSteps(doc, { ticketId: id, steps: [...steps] }, o));
        const due = ticket.dueInDays;
        if (due !== undefined) as(paulo, index, (o) => setDueDate(doc, { ticketId: id, dueDate: isoDate(now, due) }, o));
      }
      if (step.stage === 'production') as(paulo, index, (o) => assignTicket(doc, { ticketId: id, userId: paulo }, o));
      stage = step.stage;
    }
    for (const done of step.stepsDone ?? []) {
      as(paulo, index, (o) => toggleStep(doc, { ticketId: id, step: done, done: true }, o));
    }
    if (step.status !== status) {
      const next = step.status;
      as(ana, index, (o) => setStatus(doc, { ticketId: id, status: next }, o));
      status = next;
    }
  });
  return id;
}

/** Writes the demo tickets into an empty board document, recording what the witness would see. */
export function fillDemoBoard(doc: Y.Doc, seed: DemoSeed, now: Date = new Date()): DemoBoardFill {
  const recorder = new DemoRecorder(doc, seed);
  const { padaria, clinica, loja } = seed.clients;
  const tickets: DemoTicket[] = [
    {
      title: 'Banner no site para a campanha de desconto',
      summary: 'Banner da página inicial anunciando 20% de desconto em pães artesanais.',
      description: 'Formato 1920×600 + versão mobile 750×900. Usar fotos do ensaio de março. Verificar contraste do CTA.',
      channel: 'email',
      client: padaria.id,
      kind: 'banner',
      steps: BANNER_STEPS,
      flow: BANNER_FLOW,
      upTo: BANNER_FLOW.length,
      dueInDays: -3,
      openedDaysAgo: 12,
    },
    {
      title: 'Banner de Dia das Mães para o Instagram',
      summary: 'Arte para o feed e os stories com a promoção de Dia das Mães.',
      description: 'Texto da promoção e condições (validade, cupom) recebidos; falta fechar o escopo.',
      channel: 'whatsapp',
      client: padaria.id,
      kind: 'banner',
      steps: BANNER_STEPS,
      flow: BANNER_FLOW,
      // Em risco: 20 of a banner's 24 business hours to resolve are gone (warned 6 h ahead).
      upTo: 2,
      openedDaysAgo: 3,
      openedBusinessHoursAgo: 20,
    },
    {
      title: 'Landing page do novo tratamento de clareamento',
      summary: 'Página para apresentar o clareamento dental e captar agendamentos.',
      description: 'Stack: site atual em WordPress; criar template novo. Integrar formulário ao CRM da clínica (webhook).',
      channel: 'meeting',
      client: clinica.id,
      kind: 'landing_page',
      // The clinic's launch depends on it: urgent since the meeting.
      priority: 'urgent',
      steps: LANDING_STEPS,
      flow: LANDING_PAGE_FLOW,
      upTo: 4,
      // Atrasado: the deadline promised at planning was yesterday, and it is still in production.
      dueInDays: -1,
      openedDaysAgo: 9,
    },
    {
      title: 'Landing page da coleção de verão',
      summary: 'Página da coleção de verão publicada; aguardamos sua conferência.',
      description: 'Publicada em /verao. Cliente pediu para testar o checkout no celular antes de aprovar.',
      channel: 'email',
      client: loja.id,
      kind: 'landing_page',
      steps: LANDING_STEPS,
      flow: LANDING_PAGE_FLOW,
      upTo: 6,
      dueInDays: 1,
      openedDaysAgo: 15,
    },
    {
      title: 'Arquivo da logomarca em alta resolução',
      summary: 'Envio dos arquivos da logomarca (PDF vetorial e PNG).',
      description: 'Arquivos já estavam no acervo do cliente; enviado o link da pasta.',
      channel: 'phone',
      client: loja.id,
      kind: 'logo_file',
      steps: [],
      flow: LOGO_FILE_FLOW,
      upTo: LOGO_FILE_FLOW.length,
      openedDaysAgo: 4,
    },
    {
      title: 'Post de boas-vindas para novos pacientes',
      summary: 'Post para as redes sociais dando boas-vindas aos novos pacientes.',
      description: 'Chegou pelo inbox do Instagram. Triar: é post orgânico ou impulsionado?',
      channel: 'social_audience',
      client: clinica.id,
      kind: 'social_post',
      steps: ['copy', 'design'],
      flow: BANNER_FLOW,
      upTo: 1,
      openedDaysAgo: 0,
    },
    {
      title: 'Loja virtual — briefing e orçamento',
      summary: 'Planejamento da loja virtual: cronograma e orçamento para sua aprovação.',
      description: 'Reunião de briefing com webmaster e diretora feita. Montar cronograma: rafe, wireframe, layout final.',
      channel: 'meeting',
      client: loja.id,
      kind: 'online_store',
      steps: ['concept', 'design', 'build', 'review', 'publish'],
      flow: LANDING_PAGE_FLOW,
      upTo: 3,
      dueInDays: 20,
      openedDaysAgo: 6,
    },
    {
      title: 'Banner para o novo horário de atendimento',
      summary: 'Banner avisando o novo horário da clínica aos sábados.',
      description: 'Produção concluiu; conferir ortografia antes de enviar ao cliente.',
      channel: 'email',
      client: clinica.id,
      kind: 'banner',
      steps: BANNER_STEPS,
      flow: BANNER_FLOW,
      upTo: 7,
      dueInDays: 2,
      openedDaysAgo: 8,
    },
  ];
  const ids = tickets.map((ticket) => replay(doc, recorder, ticket, seed, now));

  // A request that stopped being needed: cancelled during analysis (seed 001, "Cancelado").
  const ana = seed.users.ana.id;
  const day = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000);
  const cancelled = recorder.run(ana, day(20), () =>
    createTicket(
      doc,
      {
        title: 'Campanha de Páscoa',
        summary: 'Campanha de Páscoa — cancelada a pedido do cliente.',
        description: 'Cliente decidiu não fazer campanha este ano.',
        channel: 'phone',
        clientId: padaria.id,
        kind: 'banner',
        createdAt: day(20).toISOString(),
      },
      userOrigin(ana),
    ),
  );
  recorder.run(ana, day(19), () =>
    moveTicket(doc, { ticketId: cancelled, toStage: 'analysis' }, userOrigin(ana)),
  );
  recorder.run(ana, day(18), () =>
    replaceText(
      doc,
      { ticketId: cancelled, field: 'description', text: 'Cliente decidiu não fazer campanha de Páscoa este ano.' },
      userOrigin(ana),
    ),
  );
  recorder.run(ana, day(18), () =>
    setStatus(doc, { ticketId: cancelled, status: 'cancelled' }, userOrigin(ana)),
  );
  ids.push(cancelled);
  return { ticketIds: ids, changes: recorder.changes };
}
