/**
 * The mail ports (`MailStore`, `AttachmentStore`) over a `RecordState`, shared by the memory
 * twin and the lowdb adapter like `recordPorts.ts`. Every write validates its records and is
 * idempotent where the mail code retries (recording a Message-ID twice, adding an attachment
 * twice, asking twice for an address or a token): a redelivered email or a restarted worker
 * never doubles a record.
 */
import { agencyIdSchema, boardIdSchema, ticketIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';
import {
  type AttachmentRecord,
  type MailMessageRecord,
  type MailRecipientRecord,
  type TicketAddressRecord,
  attachmentRecordSchema,
  mailMessageRecordSchema,
  mailRecipientRecordSchema,
  newReplyToken,
  newUnsubscribeToken,
  ticketAddressRecordSchema,
} from './mailRecords.js';
import { checked } from './recordPorts.js';
import type { RecordState } from './recordState.js';
import { normaliseEmail } from './records.js';
import type { AttachmentStore, MailStore } from './store.js';

const copy = <T>(value: T): T => structuredClone(value);
const ticketRefSchema = z.object({ agencyId: agencyIdSchema, boardId: boardIdSchema, ticketId: ticketIdSchema });
const emailSchema = z.string().min(3).max(320);

export interface MailPorts {
  readonly mail: MailStore;
  readonly attachments: AttachmentStore;
}

export function createMailPorts(state: RecordState): MailPorts {
  const mail: MailStore = {
    async findMessages(messageIds) {
      const wanted = new Set(messageIds);
      if (wanted.size === 0) return [];
      const byId = new Map(
        state
          .read()
          .mailMessages.filter((m) => wanted.has(m.messageId))
          .map((m) => [m.messageId, m]),
      );
      return messageIds.flatMap((id) => {
        const found = byId.get(id);
        return found ? [copy(found)] : [];
      });
    },

    async recordMessages(candidates) {
      const records: MailMessageRecord[] = candidates.map((r) =>
        checked(mailMessageRecordSchema, 'mail message', { ...r, from: r.from === null ? null : normaliseEmail(r.from) }),
      );
      const known = new Set(state.read().mailMessages.map((m) => m.messageId));
      if (records.every((r) => known.has(r.messageId))) return 0;
      return state.commit((data) => {
        const present = new Set(data.mailMessages.map((m) => m.messageId));
        let added = 0;
        for (const record of records) {
          if (present.has(record.messageId)) continue;
          present.add(record.messageId);
          data.mailMessages.push(record);
          added++;
        }
        return added;
      });
    },

    async ticketMessages(boardId, ticketId) {
      return copy(state.read().mailMessages.filter((m) => m.boardId === boardId && m.ticketId === ticketId));
    },

    async ticketSenders(boardId, ticketId) {
      const senders: string[] = [];
      for (const m of state.read().mailMessages) {
        if (m.boardId !== boardId || m.ticketId !== ticketId || m.from === null) continue;
        if (!senders.includes(m.from)) senders.push(m.from);
      }
      return senders;
    },

    async ticketAddress(ticket, now) {
      const ref = checked(ticketRefSchema, 'ticket', ticket);
      const find = (list: readonly TicketAddressRecord[]) =>
        list.find((a) => a.boardId === ref.boardId && a.ticketId === ref.ticketId);
      const existing = find(state.read().ticketAddresses);
      if (existing) return copy(existing);
      return state.commit((data) => {
        const raced = find(data.ticketAddresses);
        if (raced) return copy(raced);
        let token = newReplyToken();
        while (data.ticketAddresses.some((a) => a.token === token)) token = newReplyToken();
        const record = checked(ticketAddressRecordSchema, 'ticket address', {
          ...ref,
          token,
          createdAt: now.toISOString(),
        });
        data.ticketAddresses.push(record);
        return copy(record);
      });
    },

    async findTicketAddress(token) {
      const found = state.read().ticketAddresses.find((a) => a.token === token);
      return found ? copy(found) : null;
    },

    async recipient(agencyId, rawEmail, now) {
      const email = checked(emailSchema, 'email', normaliseEmail(rawEmail));
      const find = (list: readonly MailRecipientRecord[]) =>
        list.find((r) => r.agencyId === agencyId && r.email === email);
      const existing = find(state.read().mailRecipients);
      if (existing) return copy(existing);
      return state.commit((data) => {
        const raced = find(data.mailRecipients);
        if (raced) return copy(raced);
        const record = checked(mailRecipientRecordSchema, 'mail recipient', {
          agencyId,
          email,
          unsubscribeToken: newUnsubscribeToken(),
          unsubscribedAt: null,
          createdAt: now.toISOString(),
        });
        data.mailRecipients.push(record);
        return copy(record);
      });
    },

    async findRecipientByToken(token) {
      const found = state.read().mailRecipients.find((r) => r.unsubscribeToken === token);
      return found ? copy(found) : null;
    },

    async unsubscribe(token, now) {
      const current = state.read().mailRecipients.find((r) => r.unsubscribeToken === token);
      if (!current) return null;
      if (current.unsubscribedAt !== null) return copy(current);
      return state.commit((data) => {
        const record = data.mailRecipients.find((r) => r.unsubscribeToken === token);
        if (!record) return null;
        record.unsubscribedAt ??= now.toISOString();
        return copy(record);
      });
    },

    async isUnsubscribed(agencyId, email) {
      const wanted = normaliseEmail(email);
      return state
        .read()
        .mailRecipients.some((r) => r.agencyId === agencyId && r.email === wanted && r.unsubscribedAt !== null);
    },
  };

  const attachments: AttachmentStore = {
    async add(candidates) {
      const records: AttachmentRecord[] = candidates.map((r) => checked(attachmentRecordSchema, 'attachment', r));
      const known = new Set(state.read().attachments.map((a) => a.id));
      if (records.every((r) => known.has(r.id))) return;
      await state.commit((data) => {
        const present = new Set(data.attachments.map((a) => a.id));
        for (const record of records) {
          if (present.has(record.id)) continue;
          present.add(record.id);
          data.attachments.push(record);
        }
      });
    },
    async get(id) {
      const found = state.read().attachments.find((a) => a.id === id);
      return found ? copy(found) : null;
    },
    async listForTicket(boardId, ticketId) {
      return copy(state.read().attachments.filter((a) => a.boardId === boardId && a.ticketId === ticketId));
    },
  };

  return { mail, attachments };
}
