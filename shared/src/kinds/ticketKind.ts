/**
 * Ticket kinds (tipos de demanda): what makes a banner different from an online store. Each kind
 * an agency defines (admins edit them) says:
 * - which production sub-steps a new ticket of the kind gets (`steps`, in flow order);
 * - its deadlines: the **SLA targets** per priority, in business minutes of the workspace
 *   calendar — `firstResponse` (the client hears from the agency) and `resolution` (done) — and
 *   the deadline (prazo) Planning proposes by default, in business days;
 * - its **milestones** (marcos): named points of the work, such as the online store's client
 *   meetings or a launch's phases; those with `approval` are gates the client approves;
 * - whether the client must approve before the ticket is done (`approvalBeforeDone`);
 * - a checklist of its own (the students' refund: leave the groups, leave the email lists,
 *   refund on the platform).
 *
 * `SEED_TICKET_KINDS` are the seeds' kinds, in pt-BR (the agency edits the names): what every
 * agency starts with.
 */
import { z } from 'zod';
import { kindSchema } from '../board/ticket.js';
import { PRIORITIES } from '../flow/priorities.js';
import { PRODUCTION_STEPS, type ProductionStep, productionStepSchema } from '../flow/productionSteps.js';

/** Longest SLA target: a year of business minutes is already no target at all. */
export const MAX_TARGET_MINUTES = 60 * 24 * 365;
export const MAX_KIND_MILESTONES = 20;
export const MAX_KIND_CHECKLIST = 30;
export const MAX_TICKET_KINDS = 100;

const minutes = z.number().int().min(1).max(MAX_TARGET_MINUTES);
/** Business minutes per priority. Shorter or equal as urgency grows (an urgent ticket never waits longer). */
export const targetMinutesSchema = z
  .strictObject({ low: minutes, normal: minutes, high: minutes, urgent: minutes })
  .refine((t) => t.low >= t.normal && t.normal >= t.high && t.high >= t.urgent, {
    message: 'targets must not grow with urgency (low ≥ normal ≥ high ≥ urgent)',
  });
export type TargetMinutes = z.infer<typeof targetMinutesSchema>;

export const slaTargetsSchema = z
  .strictObject({ firstResponse: targetMinutesSchema, resolution: targetMinutesSchema })
  .refine((s) => PRIORITIES.every((p) => s.firstResponse[p] <= s.resolution[p]), {
    message: 'the first response cannot be due after the resolution',
  });
export type SlaTargets = z.infer<typeof slaTargetsSchema>;

const milestoneIdSchema = z
  .string()
  .max(40)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'milestone id must be a lowercase slug (a-z, 0-9 and -)');

export const kindMilestoneSchema = z.strictObject({
  id: milestoneIdSchema,
  name: z.string().trim().min(1).max(80),
  /** The client approves it (a gate), rather than it being only a marker of the work. */
  approval: z.boolean(),
});
export type KindMilestone = z.infer<typeof kindMilestoneSchema>;

export const ticketKindSchema = z
  .strictObject({
    slug: kindSchema,
    name: z.string().trim().min(1).max(80),
    steps: z.array(productionStepSchema).max(PRODUCTION_STEPS.length),
    sla: slaTargetsSchema,
    /** The deadline (prazo) proposed at Planning, in business days from then; null: none proposed. */
    deadlineBusinessDays: z.number().int().min(1).max(365).nullable(),
    milestones: z.array(kindMilestoneSchema).max(MAX_KIND_MILESTONES),
    /** A ticket of this kind is done only once the client approved it. */
    approvalBeforeDone: z.boolean(),
    checklist: z.array(z.string().trim().min(1).max(120)).max(MAX_KIND_CHECKLIST),
    /** Retired kinds stay readable (old tickets name them) but are not offered for new tickets. */
    archived: z.boolean(),
  })
  .superRefine((kind, ctx) => {
    const order = kind.steps.map((s) => PRODUCTION_STEPS.indexOf(s));
    if (order.some((n, i) => i > 0 && n <= (order[i - 1] ?? -1))) {
      ctx.addIssue({ code: 'custom', path: ['steps'], message: 'steps must be unique and in flow order' });
    }
    const ids = kind.milestones.map((m) => m.id);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', path: ['milestones'], message: 'milestone ids must be unique' });
    }
    if (new Set(kind.checklist).size !== kind.checklist.length) {
      ctx.addIssue({ code: 'custom', path: ['checklist'], message: 'checklist items must be unique' });
    }
  });
export type TicketKind = z.infer<typeof ticketKindSchema>;

export const ticketKindListSchema = z
  .array(ticketKindSchema)
  .max(MAX_TICKET_KINDS)
  .refine((kinds) => new Set(kinds.map((k) => k.slug)).size === kinds.length, { message: 'kind slugs must be unique' });

const HOUR = 60;
const DAY = 8 * HOUR; // a business day of the default calendar (09–12, 13–18)

/** Targets from a normal-priority pair, scaled for the others (low ×2, high ÷2, urgent ÷4; ≥ 30 min). */
export function scaledTargets(firstResponse: number, resolution: number): SlaTargets {
  const scale = (normal: number): TargetMinutes => ({
    low: normal * 2,
    normal,
    high: Math.max(30, Math.round(normal / 2)),
    urgent: Math.max(30, Math.round(normal / 4)),
  });
  return { firstResponse: scale(firstResponse), resolution: scale(resolution) };
}

const kind = (
  slug: string,
  name: string,
  steps: ProductionStep[],
  sla: SlaTargets,
  deadlineBusinessDays: number | null,
  extra: Partial<Pick<TicketKind, 'milestones' | 'approvalBeforeDone' | 'checklist'>> = {},
): TicketKind => ({
  slug,
  name,
  steps,
  sla,
  deadlineBusinessDays,
  milestones: extra.milestones ?? [],
  approvalBeforeDone: extra.approvalBeforeDone ?? false,
  checklist: extra.checklist ?? [],
  archived: false,
});

/**
 * The seeds' kinds (seeds 000–002): first response within 2 business hours ("answer at once",
 * seed 003) except where noted; resolution and proposed deadline by the size of the work.
 */
export const SEED_TICKET_KINDS: readonly TicketKind[] = [
  kind('banner', 'Banner', ['concept', 'copy', 'design', 'review'], scaledTargets(2 * HOUR, 3 * DAY), 3, {
    approvalBeforeDone: true,
  }),
  kind('landing_page', 'Landing page', ['concept', 'design', 'build', 'review', 'publish'], scaledTargets(2 * HOUR, 10 * DAY), 10, {
    approvalBeforeDone: true,
  }),
  kind('logo_file', 'Arquivo da logomarca', [], scaledTargets(2 * HOUR, 1 * DAY), 1),
  kind('online_store', 'Loja virtual', ['concept', 'design', 'build', 'review', 'publish'], scaledTargets(2 * HOUR, 30 * DAY), 30, {
    milestones: [
      { id: 'briefing-budget', name: 'Briefing e orçamento com o diretor', approval: true },
      { id: 'rafe', name: 'Rafe', approval: true },
      { id: 'wireframe', name: 'Wireframe', approval: true },
      { id: 'final-layout', name: 'Layout final', approval: true },
      { id: 'post-sale', name: 'Pós-venda', approval: true },
    ],
    approvalBeforeDone: true,
  }),
  kind('social_post', 'Post para redes sociais', ['copy', 'design', 'review'], scaledTargets(2 * HOUR, 2 * DAY), 2, {
    approvalBeforeDone: true,
  }),
  kind('launch', 'Lançamento', ['concept', 'copy', 'design', 'build', 'review', 'publish'], scaledTargets(1 * HOUR, 20 * DAY), 20, {
    milestones: [
      { id: 'ppl', name: 'PPL — pré-pré-lançamento', approval: false },
      { id: 'pl', name: 'PL — pré-lançamento', approval: false },
      { id: 'l', name: 'L — lançamento', approval: false },
      { id: 'pos-l', name: 'Pós-L — pós-lançamento', approval: false },
    ],
  }),
  kind('student_support', 'Suporte ao aluno', [], scaledTargets(1 * HOUR, 1 * DAY), null, {
    checklist: ['Excluir dos grupos', 'Excluir das listas de e-mail', 'Devolver na plataforma (Hotmart)'],
  }),
];
