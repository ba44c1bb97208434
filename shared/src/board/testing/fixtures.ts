/**
 * Shared fixtures for the board tests: people, origins, and a probe that proves a command wrote
 * nothing (the document's state vector and update stream are unchanged). Test support only.
 */
import * as Y from 'yjs';
import type { TicketId, UserId } from '../../ids.js';
import { type TransactionOrigin, serverOrigin, userOrigin } from '../../origin.js';
import { createTicket, type CreateTicketInput } from '../createTicket.js';

export const ANA = 'AnaAtendimento01' as UserId;
export const PAULO = 'PauloProducao001' as UserId;
export const DORA = 'DoraDiretora0001' as UserId;
export const ASANA: TransactionOrigin = userOrigin(ANA);
export const ASPAULO: TransactionOrigin = userOrigin(PAULO);
export const WITNESS: TransactionOrigin = serverOrigin('witness');

export function tid(n: number): TicketId {
  return `Ticket${String(n).padStart(10, '0')}` as TicketId;
}

/** A fresh board document with a fixed client id, so runs are reproducible. */
export function newDoc(clientID = 1): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

/** Open a ticket with a preset id and defaults for what the test does not care about. */
export function open(doc: Y.Doc, n: number, input: Partial<CreateTicketInput> = {}): TicketId {
  return createTicket(
    doc,
    { id: tid(n), title: `Ticket ${n}`, channel: 'email', createdAt: '2024-05-02T12:00:00.000Z', ...input },
    ASANA,
  );
}

/** Counts the updates a document emits; `written()` is how many since the probe was made. */
export function updateProbe(doc: Y.Doc): { written(): number; unchanged(): boolean } {
  const before = Y.encodeStateVector(doc);
  const beforeState = Y.encodeStateAsUpdate(doc);
  let count = 0;
  doc.on('update', () => {
    count++;
  });
  return {
    written: () => count,
    unchanged: () =>
      count === 0 &&
      sameBytes(Y.encodeStateVector(doc), before) &&
      sameBytes(Y.encodeStateAsUpdate(doc), beforeState),
  };
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
