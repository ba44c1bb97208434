import { createTicket, readTicket } from '@fluxo/shared/board/index';
import { type TicketId, type UserId, newAgencyId, newTicketId } from '@fluxo/shared/ids';
import { userOrigin } from '@fluxo/shared/origin';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { BoardRecord, ClientRecord, UserRecord } from '../store/records.js';
import { fixtures } from '../store/store.contract.js';
import { handoffRecipients } from './handoffRecipients.js';

const agencyId = newAgencyId();
const ana = fixtures.user(agencyId, { name: 'Ana', role: 'atendimento' });
const bia = fixtures.user(agencyId, { name: 'Bia', role: 'atendimento' });
const paulo = fixtures.user(agencyId, { name: 'Paulo', role: 'producao' });
const dora = fixtures.user(agencyId, { name: 'Dora', role: 'admin' });
const colleagues: UserRecord[] = [ana, bia, paulo, dora];
const board: BoardRecord = fixtures.board(agencyId, [ana.id, bia.id, paulo.id]);

function ticketBy(creator: UserId) {
  const doc = new Y.Doc();
  const id: TicketId = createTicket(doc, { id: newTicketId(), title: 'Banner', channel: 'email', stage: 'production' }, userOrigin(creator));
  const ticket = readTicket(doc, id);
  if (!ticket) throw new Error('no ticket');
  return ticket;
}

const client = (primary: UserRecord, backup: UserRecord | null, overrides: Partial<ClientRecord> = {}) =>
  fixtures.client(agencyId, primary.id, { backupManagerId: backup?.id ?? null, ...overrides });

describe('handoffRecipients', () => {
  it("asks the client's primary account manager", () => {
    expect(handoffRecipients({ ticket: ticketBy(bia.id), author: paulo.id, client: client(ana, bia), board, colleagues })).toEqual([
      ana.id,
    ]);
  });

  it('falls back to the backup when the primary cannot open the board (an admin always can)', () => {
    const gone = fixtures.user(agencyId, { role: 'atendimento' });
    expect(
      handoffRecipients({ ticket: ticketBy(ana.id), author: paulo.id, client: client(gone, bia), board, colleagues: [...colleagues, gone] }),
    ).toEqual([bia.id]);
    expect(
      handoffRecipients({ ticket: ticketBy(ana.id), author: paulo.id, client: client(dora, bia), board, colleagues }),
    ).toEqual([dora.id]);
  });

  it('without a reachable manager: the creator if in atendimento, else every atendimento member', () => {
    const gone = fixtures.user(agencyId, { role: 'atendimento' });
    const orphan = client(gone, null);
    expect(handoffRecipients({ ticket: ticketBy(bia.id), author: paulo.id, client: null, board, colleagues })).toEqual([bia.id]);
    expect(handoffRecipients({ ticket: ticketBy(bia.id), author: paulo.id, client: orphan, board, colleagues })).toEqual([bia.id]);
    expect(handoffRecipients({ ticket: ticketBy(paulo.id), author: paulo.id, client: null, board, colleagues })).toEqual([
      ana.id,
      bia.id,
    ]);
  });

  it("ignores another agency's client record", () => {
    const foreign = client(ana, null, { agencyId: newAgencyId(), primaryManagerId: ana.id });
    expect(handoffRecipients({ ticket: ticketBy(paulo.id), author: paulo.id, client: foreign, board, colleagues })).toEqual([
      ana.id,
      bia.id,
    ]);
  });

  it('never asks the author, nor anyone in their place', () => {
    expect(handoffRecipients({ ticket: ticketBy(bia.id), author: ana.id, client: client(ana, bia), board, colleagues })).toEqual([]);
    expect(handoffRecipients({ ticket: ticketBy(paulo.id), author: ana.id, client: null, board, colleagues })).toEqual([bia.id]);
  });
});
