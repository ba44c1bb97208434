/**
 * The large board the benchmarks load: N tickets written through the shared board commands, the
 * way a real board comes to be — many sessions (Yjs client ids), each opening tickets and then
 * working them: moves, status changes, steps ticked, description edits, assignments, and the
 * number the server witness gives every ticket. Overwritten values stay in the document as
 * deleted items, so the stored state carries history, not just the final values.
 *
 * Deterministic: ids, texts and choices come from a seeded generator, so every run (and every
 * machine) loads the same bytes. Each session works on its own slice of tickets (its commands
 * scan only its own replica), and the slices are merged like updates arriving at the server;
 * that keeps building 10,000 tickets to a second or two instead of the quadratic cost of
 * appending each ticket to one ever-growing column.
 */
import {
  CHANNELS,
  ID_ALPHABET,
  ID_LENGTH,
  type ProductionStep,
  STAGES,
  type Stage,
  type Ticket,
  type TicketId,
  type UserId,
  assignTicket,
  createTicket,
  editText,
  moveTicket,
  readBoard,
  readTicket,
  serverOrigin,
  setStatus,
  setTicketNumber,
  toggleStep,
  userOrigin,
  validateBoard,
} from '@fluxo/shared';
import * as Y from 'yjs';

/** mulberry32: a small seeded generator, the same sequence everywhere. */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  id(): string {
    let out = '';
    for (let i = 0; i < ID_LENGTH; i++) out += ID_ALPHABET[this.int(ID_ALPHABET.length)];
    return out;
  }
}

const STEPS: readonly ProductionStep[] = ['concept', 'copy', 'design', 'review'];

const TITLES = [
  'Banner no site para a campanha de desconto',
  'Landing page para o novo produto',
  'Arquivo da logomarca em vetor',
  'Post para o lançamento (fase PL)',
  'Ajuste no e-mail de boas-vindas dos alunos',
  'Relatório mensal de resultados',
];
const SUMMARIES = [
  'Banner da página inicial anunciando o desconto.',
  'Página do produto com formulário de captura.',
  'Envio do arquivo da marca nos formatos pedidos.',
  '',
];
const DESCRIPTIONS = [
  'Formato 1920×600 + versão mobile. Verificar contraste do CTA.',
  'Wireframe aprovado; falta layout final e integração com o CRM.',
  'Cliente pediu PDF e SVG. Conferir a versão com fundo transparente.',
  '',
];

export interface BoardFixture {
  /** The board as the server would compact it: `Y.encodeStateAsUpdate` of the merged document. */
  readonly state: Uint8Array;
  /** The same board in Yjs' V2 update encoding, for comparing stored formats. */
  readonly stateV2: Uint8Array;
  /** The tickets as `readBoard` returns them. */
  readonly tickets: readonly Ticket[];
  readonly users: readonly UserId[];
}

/** Tickets per session (Yjs client): a session of an account manager or a producer. */
const TICKETS_PER_SESSION = 500;

/**
 * A board of `count` tickets with history, worked by twelve made-up people (the server does not
 * check that assignees exist). Throws if the result is not a valid board, so a benchmark never
 * measures a document the server would refuse. Built once per process and arguments.
 */
export function buildBoardFixture(count: number, seed = 2026_03): BoardFixture {
  const key = `${count}:${seed}`;
  let fixture = built.get(key);
  if (fixture === undefined) {
    fixture = build(count, seed);
    built.set(key, fixture);
  }
  return fixture;
}

/** Fixtures already built in this process (a run builds the 10,000-ticket board once). */
const built = new Map<string, BoardFixture>();

function build(count: number, seed: number): BoardFixture {
  const rng = new Rng(seed);
  const users = Array.from({ length: 12 }, () => rng.id() as UserId);
  const witness = serverOrigin('witness');
  const sessions: Uint8Array[] = [];
  let number = 0;
  for (let start = 0; start < count; start += TICKETS_PER_SESSION) {
    const doc = new Y.Doc();
    const author = rng.pick(users);
    const as = userOrigin(author);
    const ids: TicketId[] = [];
    for (let i = start; i < Math.min(count, start + TICKETS_PER_SESSION); i++) {
      const stage = STAGES[i % STAGES.length] as Stage;
      const id = createTicket(
        doc,
        {
          id: rng.id() as TicketId,
          title: `${rng.pick(TITLES)} #${i}`,
          channel: rng.pick(CHANNELS),
          summary: rng.pick(SUMMARIES),
          description: rng.pick(DESCRIPTIONS),
          stage,
          kind: rng.pick(['banner', 'landing-page', 'logo_file', null]),
          steps: [...STEPS],
          assignees: [author],
          createdAt: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
        },
        as,
      );
      ids.push(id);
      setTicketNumber(doc, { ticketId: id, number: ++number }, witness);
    }
    for (const id of ids) {
      const roll = rng.next();
      const stage = readTicket(doc, id)?.stage;
      if (roll < 0.35 && stage !== undefined && stage !== 'delivery') {
        moveTicket(doc, { ticketId: id, toStage: STAGES[STAGES.indexOf(stage) + 1] as Stage }, as);
      } else if (roll < 0.55) {
        setStatus(doc, { ticketId: id, status: 'waiting_client' }, as);
      } else if (roll < 0.7) {
        toggleStep(doc, { ticketId: id, step: rng.pick(STEPS) }, as);
      } else if (roll < 0.85) {
        editText(doc, { ticketId: id, field: 'description', index: 0, insert: 'Atualizado: ' }, as);
      } else {
        assignTicket(doc, { ticketId: id, userId: rng.pick(users) }, as);
      }
    }
    sessions.push(Y.encodeStateAsUpdate(doc));
    doc.destroy();
  }
  const board = new Y.Doc();
  Y.applyUpdate(board, Y.mergeUpdates(sessions));
  const violations = validateBoard(board, { strict: true });
  if (violations.length > 0) throw new Error(`fixture board is invalid: ${JSON.stringify(violations.slice(0, 3))}`);
  const read = readBoard(board);
  if (read.tickets.length !== count) throw new Error(`fixture board has ${read.tickets.length} tickets, expected ${count}`);
  const fixture = {
    state: Y.encodeStateAsUpdate(board),
    stateV2: Y.encodeStateAsUpdateV2(board),
    tickets: read.tickets,
    users,
  };
  board.destroy();
  return fixture;
}
