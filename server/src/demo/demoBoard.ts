/**
 * The demo board's tickets. Each one is *replayed* through the shared board commands, step by
 * step and by the person who holds the ticket at that stage (Ana in atendimento, Paulo in
 * produção), following the example flows of seed 001 — so the demo shows exactly what the
 * product does, stopped at a different point for each ticket. Together they sit in every stage
 * and every status.
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
import type * as Y from 'yjs';
import type { DemoSeed } from './seedDemo.js';

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
  readonly steps: readonly ProductionStep[];
  /** The flow replayed, and how many of its steps have happened. */
  readonly flow: readonly FlowStep[];
  readonly upTo: number;
  /** Days from now of the deadline promised at planning, if one was promised. */
  readonly dueInDays?: number;
  /** Days before now the ticket was opened. */
  readonly openedDaysAgo: number;
}

function isoDate(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Replays `flow[0..upTo)` on a fresh ticket. Stage moves are made by the stage's holder:
 * atendimento moves into triage, analysis and planning (it hands the ticket to production's
 * lead), produção into production and delivery (the handoff back).
 */
function replay(doc: Y.Doc, ticket: DemoTicket, seed: DemoSeed, now: Date): TicketId {
  const ana = userOrigin(seed.users.ana.id);
  const paulo = userOrigin(seed.users.paulo.id);
  const steps = ticket.steps;
  const id = createTicket(
    doc,
    {
      title: ticket.title,
      channel: ticket.channel,
      clientId: ticket.client,
      kind: ticket.kind,
      summary: ticket.summary,
      description: ticket.description,
      createdAt: new Date(now.getTime() - ticket.openedDaysAgo * 86_400_000).toISOString(),
    },
    ana,
  );
  let stage: Stage = 'triage';
  let status: Status = 'open';
  const assign = (userId: UserId, origin: ReturnType<typeof userOrigin>) =>
    assignTicket(doc, { ticketId: id, userId }, origin);
  assign(seed.users.ana.id, ana);

  for (const step of ticket.flow.slice(0, ticket.upTo)) {
    if (step.stage !== stage) {
      const mover = step.stage === 'production' || step.stage === 'delivery' ? paulo : ana;
      moveTicket(doc, { ticketId: id, toStage: step.stage }, mover);
      if (step.stage === 'planning') {
        setSteps(doc, { ticketId: id, steps: [...steps] }, paulo);
        if (ticket.dueInDays !== undefined) setDueDate(doc, { ticketId: id, dueDate: isoDate(now, ticket.dueInDays) }, paulo);
      }
      if (step.stage === 'production') assign(seed.users.paulo.id, paulo);
      stage = step.stage;
    }
    for (const done of step.stepsDone ?? []) toggleStep(doc, { ticketId: id, step: done, done: true }, paulo);
    if (step.status !== status) {
      setStatus(doc, { ticketId: id, status: step.status }, ana);
      status = step.status;
    }
  }
  return id;
}

/** Writes the demo tickets into an empty board document. */
export function fillDemoBoard(doc: Y.Doc, seed: DemoSeed, now: Date = new Date()): TicketId[] {
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
      description: 'Aguardando o cliente enviar o texto da promoção e as condições (validade, cupom).',
      channel: 'whatsapp',
      client: padaria.id,
      kind: 'banner',
      steps: BANNER_STEPS,
      flow: BANNER_FLOW,
      upTo: 3,
      openedDaysAgo: 2,
    },
    {
      title: 'Landing page do novo tratamento de clareamento',
      summary: 'Página para apresentar o clareamento dental e captar agendamentos.',
      description: 'Stack: site atual em WordPress; criar template novo. Integrar formulário ao CRM da clínica (webhook).',
      channel: 'meeting',
      client: clinica.id,
      kind: 'landing_page',
      steps: LANDING_STEPS,
      flow: LANDING_PAGE_FLOW,
      upTo: 4,
      dueInDays: 6,
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
  const ids = tickets.map((ticket) => replay(doc, ticket, seed, now));

  // A request that stopped being needed: cancelled during analysis (seed 001, "Cancelado").
  const cancelled = createTicket(
    doc,
    {
      title: 'Campanha de Páscoa',
      summary: 'Campanha de Páscoa — cancelada a pedido do cliente.',
      description: 'Cliente decidiu não fazer campanha este ano.',
      channel: 'phone',
      clientId: padaria.id,
      kind: 'banner',
      createdAt: new Date(now.getTime() - 20 * 86_400_000).toISOString(),
    },
    userOrigin(seed.users.ana.id),
  );
  moveTicket(doc, { ticketId: cancelled, toStage: 'analysis' }, userOrigin(seed.users.ana.id));
  replaceText(doc, { ticketId: cancelled, field: 'description', text: 'Cliente decidiu não fazer campanha de Páscoa este ano.' }, userOrigin(seed.users.ana.id));
  setStatus(doc, { ticketId: cancelled, status: 'cancelled' }, userOrigin(seed.users.ana.id));
  ids.push(cancelled);
  return ids;
}
