/**
 * Client approvals (issue 7): staff send a deliverable — a text, a link or a file — or one of the
 * ticket kind's milestones for the client's approval; the client approves it or asks for changes,
 * from the timeline link (respond scope) or by answering the email.
 *
 * What was approved is kept exactly:
 * - the request is a snapshot: its title, milestone and deliverable never change once sent (a
 *   new version is a new request, which supersedes a pending older one);
 * - `contentHash` is the SHA-256 of the request's canonical form (`approvalContent`): the text
 *   itself, the link as written, a file by the SHA-256 of its bytes (the file store is
 *   content-addressed, so those bytes can always be fetched again by it);
 * - a decision records who decided, when, how (page or email) and the hash the client saw: it is
 *   accepted only if that is still the request's hash and the request is still pending.
 * A link is approved as the address it was (the page behind it can change; say so to staff).
 *
 * Versions count per (ticket, milestone): the first request of a milestone is version 1, the
 * next one version 2, and so on; requests without a milestone count together.
 */
import { z } from 'zod';
import { isoDateTimeSchema } from '../board/ticket.js';
import { agencyIdSchema, boardIdSchema, clientIdSchema, newId, ticketIdSchema, userIdSchema } from '../ids.js';
import { commentIdSchema } from '../conversation/comment.js';
import type { TicketKind } from '../kinds/ticketKind.js';

export const approvalIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z]{16}$/, 'invalid approval id')
  .brand<'ApprovalId'>();
export type ApprovalId = z.infer<typeof approvalIdSchema>;
export const newApprovalId = (): ApprovalId => newId() as ApprovalId;

export const MAX_APPROVAL_TITLE = 200;
export const MAX_APPROVAL_NOTE = 5_000;
export const MAX_APPROVAL_TEXT = 20_000;
export const MAX_APPROVAL_URL = 2_000;
export const MAX_FILE_NAME = 200;

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lower-case hex digits');

/** Only web addresses: no `javascript:`, `data:` or `file:` link can be sent to a client. */
export const deliverableUrlSchema = z
  .string()
  .trim()
  .max(MAX_APPROVAL_URL)
  .refine((value) => {
    // A host after the scheme, then no blanks or control characters anywhere.
    return /^https?:\/\/[^\s/?#@:]+(:\d{1,5})?([/?#][^\s]*)?$/i.test(value) && !/[\u0000-\u001f\u007f]/.test(value);
  }, 'a link must be an http(s) address');

export const deliverableSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: z.string().trim().min(1).max(MAX_APPROVAL_TEXT) }),
  z.strictObject({ type: z.literal('link'), url: deliverableUrlSchema }),
  z.strictObject({
    type: z.literal('file'),
    sha256: sha256HexSchema,
    name: z.string().min(1).max(MAX_FILE_NAME),
    contentType: z.string().min(1).max(200),
    size: z.number().int().nonnegative(),
  }),
]);
export type Deliverable = z.infer<typeof deliverableSchema>;

export const APPROVAL_STATUSES = ['pending', 'approved', 'changes_requested', 'superseded', 'withdrawn'] as const;
export const approvalStatusSchema = z.enum(APPROVAL_STATUSES);
export type ApprovalStatus = z.infer<typeof approvalStatusSchema>;

export const APPROVAL_OUTCOMES = ['approved', 'changes_requested'] as const;
export const approvalOutcomeSchema = z.enum(APPROVAL_OUTCOMES);
export type ApprovalOutcome = z.infer<typeof approvalOutcomeSchema>;

/**
 * How the client decided: from the timeline page, by answering the request's email, or — told
 * to the account manager — by phone or in a meeting, recorded by staff on the client's behalf.
 */
export const approvalChannelSchema = z.enum(['share_link', 'email', 'phone', 'meeting']);
export type ApprovalChannel = z.infer<typeof approvalChannelSchema>;
/** The channels whose decisions a member of staff records (`recordedBy`). */
export const recordedChannelSchema = z.enum(['phone', 'meeting']);
export type RecordedChannel = z.infer<typeof recordedChannelSchema>;

export const approvalDecisionSchema = z.strictObject({
  outcome: approvalOutcomeSchema,
  at: isoDateTimeSchema,
  /** Who decided: the client's name and the address they wrote from (null from the page). */
  by: z.strictObject({ name: z.string().max(200).nullable(), email: z.string().max(320).nullable() }),
  via: approvalChannelSchema,
  note: z.string().max(MAX_APPROVAL_NOTE),
  /** The hash the client saw; equal to the request's by construction (checked when deciding). */
  contentHash: sha256HexSchema,
  /** The client's message the decision came with (the page's comment, or the emailed reply). */
  commentId: commentIdSchema.nullable(),
  /**
   * Who on staff recorded a decision the client gave by phone or in a meeting; null when the
   * client decided themself (page, email). Records from before it existed read as null.
   */
  recordedBy: userIdSchema.nullable().default(null),
});
export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>;

const milestoneRefSchema = z.strictObject({ id: z.string().min(1).max(40), name: z.string().min(1).max(80) });

export const approvalSchema = z
  .strictObject({
    id: approvalIdSchema,
    agencyId: agencyIdSchema,
    boardId: boardIdSchema,
    ticketId: ticketIdSchema,
    clientId: clientIdSchema,
    /** The kind's milestone this approves (its name as it was when sent), or null. */
    milestone: milestoneRefSchema.nullable(),
    title: z.string().trim().min(1).max(MAX_APPROVAL_TITLE),
    /** The account manager's words to the client. */
    note: z.string().max(MAX_APPROVAL_NOTE),
    deliverable: deliverableSchema,
    version: z.number().int().min(1),
    contentHash: sha256HexSchema,
    requestedBy: userIdSchema,
    requestedAt: isoDateTimeSchema,
    /** The client-visible message that carried the request (and its email). */
    requestCommentId: commentIdSchema.nullable(),
    status: approvalStatusSchema,
    decision: approvalDecisionSchema.nullable(),
    /** When it stopped being pending without a decision (superseded or withdrawn). */
    closedAt: isoDateTimeSchema.nullable(),
  })
  .refine((a) => (a.status === 'approved' || a.status === 'changes_requested') === (a.decision !== null), {
    message: 'a decided approval has a decision, and only it',
    path: ['decision'],
  })
  .refine((a) => a.decision === null || a.decision.outcome === a.status, { message: 'the decision is the status', path: ['decision'] })
  .refine((a) => a.decision === null || a.decision.contentHash === a.contentHash, {
    message: 'a decision is about the content that was sent',
    path: ['decision', 'contentHash'],
  })
  .refine((a) => a.decision === null || recordedChannelSchema.safeParse(a.decision.via).success === (a.decision.recordedBy !== null), {
    message: 'a decision given by phone or in a meeting names who recorded it, and only such a decision',
    path: ['decision', 'recordedBy'],
  })
  .refine((a) => (a.status === 'superseded' || a.status === 'withdrawn') === (a.closedAt !== null), {
    message: 'only a superseded or withdrawn approval has closedAt',
    path: ['closedAt'],
  });
export type Approval = z.infer<typeof approvalSchema>;

/**
 * The canonical text an approval's hash is taken over: the milestone id, the title and the
 * deliverable, in a fixed key order (JSON of an array, so no key-order ambiguity).
 */
export function approvalContent(request: Pick<Approval, 'milestone' | 'title' | 'deliverable'>): string {
  const d = request.deliverable;
  const deliverable =
    d.type === 'text' ? ['text', d.text] : d.type === 'link' ? ['link', d.url] : ['file', d.sha256, d.name, d.contentType, d.size];
  return JSON.stringify(['fluxo-approval-v1', request.milestone?.id ?? null, request.title, deliverable]);
}

/** Requests of one (ticket, milestone) share a version sequence. */
export function versionKey(approval: Pick<Approval, 'boardId' | 'ticketId' | 'milestone'>): string {
  return `${approval.boardId}/${approval.ticketId}#${approval.milestone?.id ?? ''}`;
}

/** The short form of a hash shown to people ("código"): enough to compare by eye. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/**
 * The latest request of each milestone (and of "no milestone") of one ticket's approvals,
 * withdrawn ones left out: what the ticket's approval state is made of.
 */
export function latestPerMilestone(approvals: readonly Approval[]): Approval[] {
  const latest = new Map<string, Approval>();
  for (const approval of approvals) {
    if (approval.status === 'withdrawn') continue;
    const key = approval.milestone?.id ?? '';
    const known = latest.get(key);
    if (known === undefined || approval.version > known.version) latest.set(key, approval);
  }
  return [...latest.values()];
}

/** What a card shows: the ticket's most pressing approval state, or null when it has none. */
export type TicketApprovalState = 'pending' | 'changes_requested' | 'approved';

export function ticketApprovalState(approvals: readonly Approval[]): TicketApprovalState | null {
  const latest = latestPerMilestone(approvals);
  if (latest.some((a) => a.status === 'changes_requested')) return 'changes_requested';
  if (latest.some((a) => a.status === 'pending')) return 'pending';
  if (latest.some((a) => a.status === 'approved')) return 'approved';
  return null;
}

/** Why a ticket may not be closed as done yet: what the client has still to approve. */
export type DoneGate = { readonly ok: true } | { readonly ok: false; readonly missing: readonly string[] };

/**
 * A kind with `approvalBeforeDone` closes as done only once the client approved: every milestone
 * of the kind that is an approval gate has its latest request approved, and — for a kind without
 * such milestones — the latest request without a milestone is approved. Other kinds (or none)
 * are never held back.
 */
export function doneGate(kind: TicketKind | null, approvals: readonly Approval[]): DoneGate {
  if (kind === null || !kind.approvalBeforeDone) return { ok: true };
  const latest = new Map(latestPerMilestone(approvals).map((a) => [a.milestone?.id ?? '', a] as const));
  const gates = kind.milestones.filter((m) => m.approval);
  const needed = gates.length > 0 ? gates.map((m) => ({ key: m.id, name: m.name })) : [{ key: '', name: kind.name }];
  const missing = needed.filter((n) => latest.get(n.key)?.status !== 'approved').map((n) => n.name);
  return missing.length === 0 ? { ok: true } : { ok: false, missing };
}

/** Inputs of `approvals.request` (staff). */
export const approvalRequestInputSchema = z.strictObject({
  boardId: boardIdSchema,
  ticketId: ticketIdSchema,
  milestoneId: z.string().min(1).max(40).nullable().default(null),
  title: z.string().trim().min(1, 'give the approval a title').max(MAX_APPROVAL_TITLE),
  note: z.string().trim().max(MAX_APPROVAL_NOTE).default(''),
  deliverable: deliverableSchema,
});

/**
 * Inputs of `approvals.record` (staff): the client's answer, given by phone or in a meeting,
 * recorded on their behalf — who answered, how, and (for changes, required) what they asked.
 */
export const approvalRecordInputSchema = z
  .strictObject({
    boardId: boardIdSchema,
    approvalId: approvalIdSchema,
    outcome: approvalOutcomeSchema,
    via: recordedChannelSchema,
    clientName: z.string().trim().min(1, 'say who answered for the client').max(120),
    note: z.string().trim().max(MAX_APPROVAL_NOTE).default(''),
  })
  .refine((input) => input.outcome === 'approved' || input.note !== '', {
    message: 'say what the client asked to change',
    path: ['note'],
  });
export type ApprovalRecordInput = z.input<typeof approvalRecordInputSchema>;

/**
 * An approval as staff see it (drawer, board): the record with the sender's name. Everything here
 * is staff-side; what a client sees is `shareApprovalSchema`.
 */
export const approvalViewSchema = z.strictObject({
  id: approvalIdSchema,
  ticketId: ticketIdSchema,
  milestone: milestoneRefSchema.nullable(),
  title: z.string(),
  note: z.string(),
  deliverable: deliverableSchema,
  version: z.number().int().min(1),
  contentHash: sha256HexSchema,
  requestedBy: z.strictObject({ id: userIdSchema, name: z.string().nullable() }),
  requestedAt: isoDateTimeSchema,
  status: approvalStatusSchema,
  /** The decision, with the name of whoever on staff recorded it (phone, meeting). */
  decision: approvalDecisionSchema.extend({ recordedByName: z.string().nullable() }).nullable(),
  closedAt: isoDateTimeSchema.nullable(),
});
export type ApprovalView = z.infer<typeof approvalViewSchema>;

/** A card's approval facts (`approvals.board`): its state and, for the tooltip, the request it comes from. */
export const ticketApprovalSummarySchema = z.strictObject({
  ticketId: ticketIdSchema,
  state: z.enum(['pending', 'changes_requested', 'approved']),
  /** The latest request behind the state (title, version, when it was decided). */
  title: z.string(),
  version: z.number().int().min(1),
  decidedAt: isoDateTimeSchema.nullable(),
  /** Whether the ticket's kind lets it be done now (`doneGate`). */
  doneAllowed: z.boolean(),
});
export type TicketApprovalSummary = z.infer<typeof ticketApprovalSummarySchema>;

/**
 * What a client sees of an approval on the timeline page: what was sent, its version and code,
 * and the decision. No staff ids; the sender by name only (as comments show staff).
 * A file is fetched under the link: `/share/<token>/approvals/<id>/file` (`shareApprovalFilePath`).
 */
export const shareApprovalSchema = z.strictObject({
  id: approvalIdSchema,
  milestoneName: z.string().nullable(),
  title: z.string(),
  note: z.string(),
  deliverable: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('text'), text: z.string() }),
    // Checked again on the page's side: only an http(s) address ever becomes a link there.
    z.strictObject({ type: z.literal('link'), url: deliverableUrlSchema }),
    z.strictObject({ type: z.literal('file'), name: z.string(), size: z.number().int().nonnegative() }),
  ]),
  version: z.number().int().min(1),
  contentHash: sha256HexSchema,
  requestedBy: z.string().nullable(),
  requestedAt: isoDateTimeSchema,
  /** `superseded` and `withdrawn` requests are not sent to the page. */
  status: z.enum(['pending', 'approved', 'changes_requested']),
  decision: z
    .strictObject({
      outcome: approvalOutcomeSchema,
      at: isoDateTimeSchema,
      by: z.string().nullable(),
      note: z.string(),
    })
    .nullable(),
});
export type ShareApproval = z.infer<typeof shareApprovalSchema>;

/** Where a share link's holder downloads an approval's file. */
export function shareApprovalFilePath(token: string, approvalId: string): string {
  return `/share/${encodeURIComponent(token)}/approvals/${encodeURIComponent(approvalId)}/file`;
}

/**
 * The client's view of one ticket's approvals: the live and decided requests (superseded and
 * withdrawn ones left out), newest first; staff appear by name only.
 */
export function shareApprovals(approvals: readonly Approval[], staffName: (id: Approval['requestedBy']) => string | null): ShareApproval[] {
  const shown: ShareApproval[] = [];
  for (const a of approvals) {
    if (a.status === 'superseded' || a.status === 'withdrawn') continue;
    const d = a.deliverable;
    shown.push({
      id: a.id,
      milestoneName: a.milestone?.name ?? null,
      title: a.title,
      note: a.note,
      deliverable: d.type === 'file' ? { type: 'file', name: d.name, size: d.size } : d.type === 'link' ? { type: 'link', url: d.url } : { type: 'text', text: d.text },
      version: a.version,
      contentHash: a.contentHash,
      requestedBy: staffName(a.requestedBy),
      requestedAt: a.requestedAt,
      status: a.status,
      decision: a.decision === null ? null : { outcome: a.decision.outcome, at: a.decision.at, by: a.decision.by.name, note: a.decision.note },
    });
  }
  return shown.sort((x, y) => (x.requestedAt < y.requestedAt ? 1 : x.requestedAt > y.requestedAt ? -1 : 0));
}
