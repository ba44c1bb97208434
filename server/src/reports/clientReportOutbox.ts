/**
 * Queuing a client's report email (issue 8) — one `client_report` outbox row per address, the
 * email itself written when sent (`clientReportMail.ts`).
 *
 * **To whom** (`reportRecipients`): the client's addresses on record (`ClientRecord.emails`) and
 * the email channels of its contacts (`store.clientProfiles`), normalised, each once, at most
 * `MAX_CLIENT_RECIPIENTS`, unsubscribed addresses left out — the report is about the client,
 * not one ticket, so there are no ticket senders to prefer (`clientRecipients` in
 * `mail/clientCommentOutbox.ts` is the per-ticket rule; the cap and normalisation are its).
 *
 * **Idempotency**: a scheduled report's key is `client_report:schedule:<client>:<from>:<to>:<address>`
 * — the outbox stores a key once (also across restarts: `conversation.clog`), so the schedule
 * never mails one period twice. An on-demand report's key carries a fresh request id: staff
 * asking again means another email.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_LOCALE } from '@fluxo/shared/i18n/translate';
import { type AgencyId, type ClientId, type UserId, newId } from '@fluxo/shared/ids';
import type { ClientReportPeriod } from '@fluxo/shared/reports/clientReport';
import { MAX_CLIENT_RECIPIENTS } from '../mail/clientCommentOutbox.js';
import { type OutboxRecord, type OutboxRecordOf, newOutboxId } from '../store/conversationRecords.js';
import { normaliseEmail } from '../store/records.js';
import { MAX_OUTBOX_PAGE, type Store } from '../store/store.js';

export type ClientReportRow = OutboxRecordOf<'client_report'>;

/** Who gets the client's report (see the module comment). */
export async function reportRecipients(store: Store, agencyId: AgencyId, clientId: ClientId): Promise<string[]> {
  const client = await store.clients.get(clientId);
  if (client === null || client.agencyId !== agencyId) return [];
  const profile = await store.clientProfiles.get(clientId);
  const contactEmails = (profile?.contacts ?? []).flatMap((c) => c.channels.filter((ch) => ch.kind === 'email').map((ch) => ch.value));
  const addresses: string[] = [];
  for (const address of [...new Set([...client.emails, ...contactEmails].map(normaliseEmail))].slice(0, MAX_CLIENT_RECIPIENTS)) {
    if (!(await store.mail.isUnsubscribed(agencyId, address))) addresses.push(address);
  }
  return addresses;
}

const addressKey = (address: string) => createHash('sha256').update(address).digest('hex').slice(0, 16);

export interface QueueClientReport {
  readonly agencyId: AgencyId;
  readonly clientId: ClientId;
  readonly period: ClientReportPeriod;
  readonly trigger: 'schedule' | 'on_demand';
  readonly requestedBy: UserId | null;
  readonly now: Date;
}

export interface QueuedClientReport {
  /** The addresses it goes to (empty: the client has no emailable contact). */
  readonly recipients: readonly string[];
  /** Rows added now (fewer than `recipients` when a scheduled period was queued before). */
  readonly rows: readonly OutboxRecord[];
}

export async function queueClientReport(store: Store, input: QueueClientReport): Promise<QueuedClientReport> {
  const recipients = await reportRecipients(store, input.agencyId, input.clientId);
  const at = input.now.toISOString();
  const request = input.trigger === 'schedule' ? `schedule:${input.clientId}:${input.period.from}:${input.period.to}` : `on_demand:${newId()}`;
  const rows: ClientReportRow[] = recipients.map((to) => ({
    id: newOutboxId(),
    idempotencyKey: `client_report:${request}:${addressKey(to)}`,
    kind: 'client_report',
    to,
    // Clients have no language of their own yet: the agency default, as every client email.
    locale: DEFAULT_LOCALE,
    agencyId: input.agencyId,
    boardId: null,
    ticketId: null,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    lastError: null,
    messageId: null,
    createdAt: at,
    sentAt: null,
    payload: { clientId: input.clientId, period: { ...input.period }, trigger: input.trigger, requestedBy: input.requestedBy },
  }));
  return { recipients, rows: rows.length === 0 ? [] : await store.outbox.enqueue(rows) };
}

/** The client's report rows, newest first (from the agency's latest outbox page). */
export async function clientReportRows(store: Store, agencyId: AgencyId, clientId: ClientId): Promise<ClientReportRow[]> {
  const rows = await store.outbox.list({ agencyId, limit: MAX_OUTBOX_PAGE });
  return rows.filter((r): r is ClientReportRow => r.kind === 'client_report' && r.payload.clientId === clientId);
}
