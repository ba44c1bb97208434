/**
 * The demo clients' records (issue 7), called by `seedDemo` once the clients and staff exist:
 * contacts with their channels (typed as people type them — the port normalises), a place on the
 * loyalty ladder reached in steps, a staff note and the online store's briefing meeting. Estúdio
 * Lótus Yoga is left empty, so the demo also shows an empty record. Dates count back from the
 * seed's `now`.
 */
import type { ClientNoteId, ContactId, MeetingId } from '@fluxo/shared/clients/clientProfile';
import type { LoyaltyRung } from '@fluxo/shared/clients/loyaltyLadder';
import { type ClientId, type UserId, newId } from '@fluxo/shared/ids';
import type { ContactRecord } from '../store/clientProfileRecords.js';
import type { ClientRecord, UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';

const DAY_MS = 86_400_000;

export interface DemoClientPeople {
  readonly ana: UserRecord;
  readonly dora: UserRecord;
}

export interface DemoClientRecords {
  readonly padaria: ClientRecord;
  readonly clinica: ClientRecord;
  readonly loja: ClientRecord;
}

export async function seedDemoClientRecords(store: Store, people: DemoClientPeople, clients: DemoClientRecords, now: Date): Promise<void> {
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const contact = (clientId: ClientId, fields: Omit<ContactRecord, 'id'>) =>
    store.clientProfiles.addContact(clientId, { id: newId() as ContactId, ...fields });
  const climb = async (clientId: ClientId, steps: readonly (readonly [LoyaltyRung, number, UserId, string])[]) => {
    for (const [rung, days, by, note] of steps) await store.clientProfiles.setRung(clientId, { rung, at: daysAgo(days), by, note });
  };
  const { ana, dora } = people;

  await contact(clients.padaria.id, {
    name: 'Márcia Lima',
    role: 'Sócia',
    primary: true,
    channels: [
      { kind: 'office_phone', value: '(11) 3456-7890' },
      { kind: 'whatsapp', value: '+55 11 91234-5678' },
      { kind: 'email', value: 'marcia@paodourado.com.br' },
    ],
  });
  await contact(clients.padaria.id, { name: 'Roberto Alves', role: 'Gerente da loja', primary: false, channels: [{ kind: 'mobile', value: '(11) 98765-4321' }] });
  await climb(clients.padaria.id, [
    [3, 120, ana.id, 'Primeiro trabalho: o banner da fachada.'],
    [4, 30, ana.id, 'Voltou para o cardápio e já pediu a loja virtual.'],
  ]);
  await store.clientProfiles.addNote(clients.padaria.id, {
    id: newId() as ClientNoteId,
    body: 'A Márcia prefere WhatsApp pela manhã; evite ligar às sextas, dia de fornada grande.',
    at: daysAgo(20),
    by: ana.id,
    deletedAt: null,
    deletedBy: null,
  });
  await store.clientProfiles.addMeeting(clients.padaria.id, {
    id: newId() as MeetingId,
    title: 'Briefing e orçamento da loja virtual',
    at: daysAgo(14),
    kind: 'briefing',
    attendees: ['Márcia Lima', 'Dora', 'Ana'],
    minutes: 'Loja virtual com cerca de 40 produtos (pães, bolos, encomendas). Entrega no bairro e retirada na loja. Orçamento aprovado pela diretoria; próximo passo: rafe da página inicial.',
    boardId: null,
    ticketIds: [],
    createdAt: daysAgo(14),
    createdBy: ana.id,
    updatedAt: daysAgo(14),
    updatedBy: ana.id,
  });

  await contact(clients.clinica.id, {
    name: 'Recepção',
    role: null,
    primary: true,
    channels: [
      { kind: 'office_phone', value: '(21) 2345-6789' },
      { kind: 'email', value: 'recepcao@clinicasorriso.com.br' },
    ],
  });
  await climb(clients.clinica.id, [[5, 200, dora.id, 'Cliente há três anos: redes sociais, site e campanhas.']]);

  await contact(clients.loja.id, { name: 'Camila Verde', role: 'Dona', primary: true, channels: [{ kind: 'whatsapp', value: '(31) 99876-5432' }] });
  await climb(clients.loja.id, [[2, 45, dora.id, 'Conheceu a agência pelo Instagram da padaria.']]);
}
