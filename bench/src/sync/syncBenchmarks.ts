/**
 * The sync server's benchmarks (issues 3 and 6). The servers run in their own processes
 * (`serverHost.ts`); the clients (`syncClients.ts`) run here. Full mode is the numbers;
 * short mode (CI) uses fewer viewers and rounds so that every benchmark still runs end to end.
 *
 * - `fanout-p99-500`: one editor types, 500 viewers watch the demo board; p99 of the time from
 *   send to receipt over every (update, viewer) pair. Fluxo and the plain relay run at the same
 *   time with their own 500 viewers each, and rounds alternate between them. Goal ≤ 1.5×.
 * - `presence-p99-500`: the same measurement on Fluxo with every viewer present (published
 *   once), in alternating blocks: all 500 re-publishing their presence every 1–3 s (a new ticket
 *   viewed), versus presence quiet. Goal ≤ 1.2×.
 * - `idle-connection-memory`: server memory per open, synced, idle connection (JS heap plus
 *   external memory, after full GCs in the server process; the difference with N connections
 *   open, over N), Fluxo (sync handshake and presence done, as a tab) vs relay. Goal ≤ 1.5×.
 * - `persist-sync-work-per-edit`: on the 10,000-ticket board, event-loop time the server spends
 *   per edit, from receipt to `MESSAGE_SAVED` (five editors typing in turn, each edit awaiting
 *   its ack; five viewers); 2,000 edits in full mode, so the window includes the compaction that the edits
 *   trigger (its cost is spread over them, as in life). Budget 2 ms.
 * - `ack-p99`: 50 editors each typing 5 characters per second on the demo board (open loop);
 *   p99 of the time from sending an update to the `MESSAGE_SAVED` that covers it, after a
 *   warm-up of two seconds. Budget 50 ms.
 */
import { type BenchMode, type Benchmark, median, quantile } from '../measure.js';
import { EditorClient, type Endpoint, ViewerClient, connectMany } from './syncClients.js';
import * as Y from 'yjs';
import {
  FanoutProbe,
  type FluxoServerUnderTest,
  type RelayUnderTest,
  openTickets,
  sleep,
  startFluxo,
  startRelay,
} from './syncLab.js';

interface Sizes {
  viewers: number;
  /** Fan-out: blocks of rounds; the p99 of each block, then the median over blocks. */
  fanoutBlocks: number;
  fanoutRoundsPerBlock: number;
  presenceBlocks: number;
  presenceRoundsPerBlock: number;
  memoryRounds: number;
  persistEdits: number;
  persistViewers: number;
  ackEditors: number;
  ackSeconds: number;
  /** Time given to servers to go quiet (after connecting, between blocks). */
  settleMs: number;
}

const SIZES: Record<BenchMode, Sizes> = {
  full: {
    viewers: 500,
    fanoutBlocks: 10,
    fanoutRoundsPerBlock: 20,
    presenceBlocks: 6,
    presenceRoundsPerBlock: 40,
    memoryRounds: 3,
    persistEdits: 2_000,
    persistViewers: 5,
    ackEditors: 50,
    ackSeconds: 20,
    settleMs: 1_000,
  },
  short: {
    viewers: 60,
    fanoutBlocks: 3,
    fanoutRoundsPerBlock: 8,
    presenceBlocks: 2,
    presenceRoundsPerBlock: 10,
    memoryRounds: 1,
    persistEdits: 60,
    persistViewers: 2,
    ackEditors: 50,
    ackSeconds: 3,
    settleMs: 300,
  },
};

/** Pause between fan-out rounds: lets both servers go idle, so rounds do not queue behind each other. */
const ROUND_GAP_MS = 10;

async function stopAll(...hosts: ({ host: { stop(): Promise<void> } } | null)[]): Promise<void> {
  await Promise.all(hosts.map((h) => h?.host.stop()));
}

function closeAll(clients: readonly { close(): void }[]): void {
  for (const client of clients) client.close();
}

/** An editor on Fluxo's demo board, and one on the relay with a replica of the same board. */
async function editors(fluxo: Endpoint, relay: Endpoint | null, user: FluxoServerUnderTest['session']['userId']) {
  const onFluxo = await EditorClient.connect(fluxo, 0, user);
  let onRelay: EditorClient | null = null;
  if (relay !== null) {
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(onFluxo.doc));
    onRelay = await EditorClient.connect(relay, 0, user, replica);
  }
  return { onFluxo, onRelay, tickets: openTickets(onFluxo.doc) };
}

export const fanoutP99: Benchmark = {
  id: 'fanout-p99-500',
  label: 'p99 latency of one edit reaching each of 500 viewers of the demo board (send → receipt)',
  async run(mode) {
    const sizes = SIZES[mode];
    let fluxo: FluxoServerUnderTest | null = null;
    let relay: RelayUnderTest | null = null;
    const clients: { close(): void }[] = [];
    try {
      fluxo = await startFluxo();
      relay = await startRelay();
      const boardId = fluxo.data.demoBoardId;
      const fluxoEndpoint = fluxo.endpoint(boardId);
      const relayEndpoint = relay.endpoint(boardId);
      const { onFluxo, onRelay, tickets } = await editors(fluxoEndpoint, relayEndpoint, fluxo.session.userId);
      clients.push(onFluxo);
      if (onRelay === null) throw new Error('no relay editor');
      clients.push(onRelay);
      const fluxoViewers = await connectMany(sizes.viewers, (i) => ViewerClient.connect(fluxoEndpoint, i + 1));
      clients.push(...fluxoViewers);
      const relayViewers = await connectMany(sizes.viewers, (i) => ViewerClient.connect(relayEndpoint, i + 1));
      clients.push(...relayViewers);
      const fluxoProbe = new FanoutProbe(fluxoViewers);
      const relayProbe = new FanoutProbe(relayViewers);

      const warmup: number[] = [];
      for (let i = 0; i < 5; i++) {
        await fluxoProbe.round(onFluxo, tickets[i % tickets.length] as (typeof tickets)[number], warmup);
        await relayProbe.round(onRelay, tickets[i % tickets.length] as (typeof tickets)[number], warmup);
      }
      const fluxoP99: number[] = [];
      const relayP99: number[] = [];
      let i = 0;
      for (let block = 0; block < sizes.fanoutBlocks; block++) {
        const fluxoSamples: number[] = [];
        const relaySamples: number[] = [];
        for (let r = 0; r < sizes.fanoutRoundsPerBlock; r++, i++) {
          const ticket = tickets[i % tickets.length] as (typeof tickets)[number];
          // ABBA order, so neither side always goes first.
          const fluxoFirst = i % 4 === 0 || i % 4 === 3;
          for (const side of fluxoFirst ? ['fluxo', 'relay'] : ['relay', 'fluxo']) {
            if (side === 'fluxo') await fluxoProbe.round(onFluxo, ticket, fluxoSamples);
            else await relayProbe.round(onRelay, ticket, relaySamples);
            await sleep(ROUND_GAP_MS);
          }
        }
        fluxoP99.push(quantile(fluxoSamples, 0.99));
        relayP99.push(quantile(relaySamples, 0.99));
      }
      if (onFluxo.refused > 0) throw new Error(`Fluxo refused ${onFluxo.refused} edits`);
      return {
        id: this.id,
        label:
          `${this.label}; ${sizes.viewers} viewers, ${sizes.fanoutBlocks} blocks × ${sizes.fanoutRoundsPerBlock} edits per side, ` +
          'median of the blocks\' p99',
        value: median(fluxoP99),
        unit: 'ms',
        reference: 'plain WebSocket relay (same clients, alternating rounds), p99',
        referenceValue: median(relayP99),
        goal: 1.5,
      };
    } finally {
      closeAll(clients);
      await stopAll(fluxo, relay);
    }
  },
};

export const presenceP99: Benchmark = {
  id: 'presence-p99-500',
  label: 'p99 edit fan-out to 500 viewers while all 500 publish presence',
  async run(mode) {
    const sizes = SIZES[mode];
    let fluxo: FluxoServerUnderTest | null = null;
    const clients: { close(): void }[] = [];
    const timers: ReturnType<typeof setTimeout>[] = [];
    try {
      fluxo = await startFluxo();
      const endpoint = fluxo.endpoint(fluxo.data.demoBoardId);
      const { onFluxo, tickets } = await editors(endpoint, null, fluxo.session.userId);
      clients.push(onFluxo);
      const viewers = await connectMany(sizes.viewers, (i) => ViewerClient.connect(endpoint, i + 1));
      clients.push(...viewers);
      const user = { id: fluxo.session.userId, name: 'Ana' };
      viewers.forEach((viewer, i) => viewer.publishPresence(user, tickets[i % tickets.length] ?? null));
      await sleep(sizes.settleMs);
      const probe = new FanoutProbe(viewers);

      let publishing = false;
      const publishLoop = (viewer: ViewerClient, i: number): void => {
        const timer = setTimeout(
          () => {
            if (!publishing) return;
            viewer.publishPresence(user, tickets[(i + Math.floor(Math.random() * tickets.length)) % tickets.length] ?? null);
            publishLoop(viewer, i);
          },
          1_000 + Math.random() * 2_000,
        );
        timers.push(timer);
      };

      const quiet: number[] = [];
      const present: number[] = [];
      const warmup: number[] = [];

      for (let i = 0; i < 5; i++) await probe.round(onFluxo, tickets[i % tickets.length] as (typeof tickets)[number], warmup);
      let round = 0;
      for (let block = 0; block < sizes.presenceBlocks * 2; block++) {
        // Blocks alternate quiet / presence, starting with either on alternate pairs (ABBA).
        const withPresence = block % 4 === 1 || block % 4 === 2;
        publishing = withPresence;
        if (withPresence) {
          viewers.forEach((viewer, i) => publishLoop(viewer, i));
          await sleep(1_000 + sizes.settleMs); // reach the steady rate before measuring
        } else {
          for (const timer of timers.splice(0)) clearTimeout(timer);
          await sleep(sizes.settleMs); // let the last presence broadcasts drain
        }
        const samples: number[] = [];
        for (let r = 0; r < sizes.presenceRoundsPerBlock; r++) {
          await probe.round(onFluxo, tickets[round++ % tickets.length] as (typeof tickets)[number], samples);
          await sleep(ROUND_GAP_MS);
        }
        (withPresence ? present : quiet).push(quantile(samples, 0.99));
      }
      publishing = false;
      const awareness = viewers.reduce((sum, v) => sum + v.awarenessFrames, 0);
      if (awareness === 0) throw new Error('no viewer received any presence: presence was not exercised');
      return {
        id: this.id,
        label:
          `${this.label} (each every 1–3 s) vs presence quiet; ${sizes.viewers} viewers, ` +
          `${sizes.presenceBlocks} blocks of each × ${sizes.presenceRoundsPerBlock} edits, median of the blocks' p99`,
        value: median(present),
        unit: 'ms',
        reference: 'same server and viewers, nobody publishing presence, p99',
        referenceValue: median(quiet),
        goal: 1.2,
      };
    } finally {
      for (const timer of timers) clearTimeout(timer);
      closeAll(clients);
      await stopAll(fluxo);
    }
  },
};

/** Server bytes (heap + external, after GC) per connection: open `count`, measure, close. */
async function bytesPerConnection(
  host: { memory(): Promise<{ heapUsed: number; external: number }> },
  count: number,
  connect: (index: number) => Promise<{ close(): void }>,
  settleMs: number,
): Promise<number> {
  const before = await host.memory();
  const clients = await connectMany(count, connect);
  await sleep(settleMs);
  const after = await host.memory();
  closeAll(clients);
  await sleep(settleMs);
  return (after.heapUsed + after.external - (before.heapUsed + before.external)) / count;
}

export const idleConnectionMemory: Benchmark = {
  id: 'idle-connection-memory',
  label: 'server memory per idle synced connection to the demo board (JS heap + external, after GC)',
  async run(mode) {
    const sizes = SIZES[mode];
    let fluxo: FluxoServerUnderTest | null = null;
    let relay: RelayUnderTest | null = null;
    const anchors: { close(): void }[] = [];
    try {
      fluxo = await startFluxo();
      relay = await startRelay();
      const boardId = fluxo.data.demoBoardId;
      const fluxoEndpoint = fluxo.endpoint(boardId);
      const relayEndpoint = relay.endpoint(boardId);
      const user = { id: fluxo.session.userId, name: 'Ana' };
      // A tab that stays open keeps the board loaded: the board's own memory is not a connection's.
      anchors.push(await ViewerClient.connect(fluxoEndpoint, 0), await ViewerClient.connect(relayEndpoint, 0));
      const tab = async (index: number): Promise<ViewerClient> => {
        const viewer = await ViewerClient.connect(fluxoEndpoint, index);
        viewer.publishPresence(user, null);
        return viewer;
      };
      // Warm-up: JIT, buffer pools, the first room structures.
      await bytesPerConnection(fluxo.host, 20, (i) => tab(i + 1), sizes.settleMs);
      await bytesPerConnection(relay.host, 20, (i) => ViewerClient.connect(relayEndpoint, i + 1), sizes.settleMs);
      const fluxoBytes: number[] = [];
      const relayBytes: number[] = [];
      for (let round = 0; round < sizes.memoryRounds; round++) {
        fluxoBytes.push(await bytesPerConnection(fluxo.host, sizes.viewers, (i) => tab(i + 1), sizes.settleMs));
        relayBytes.push(
          await bytesPerConnection(relay.host, sizes.viewers, (i) => ViewerClient.connect(relayEndpoint, i + 1), sizes.settleMs),
        );
      }
      return {
        id: this.id,
        label: `${this.label}; ${sizes.viewers} connections, median of ${sizes.memoryRounds}`,
        value: quantile(fluxoBytes, 0.5),
        unit: 'bytes',
        reference: 'plain WebSocket relay, same connections',
        referenceValue: quantile(relayBytes, 0.5),
        goal: 1.5,
      };
    } finally {
      closeAll(anchors);
      await stopAll(fluxo, relay);
    }
  },
};

export const persistSyncWork: Benchmark = {
  id: 'persist-sync-work-per-edit',
  label: 'server event-loop time per saved edit on the 10,000-ticket board (receipt → MESSAGE_SAVED)',
  async run(mode) {
    const sizes = SIZES[mode];
    let fluxo: FluxoServerUnderTest | null = null;
    const clients: { close(): void }[] = [];
    try {
      fluxo = await startFluxo();
      const boardId = fluxo.data.bigBoardId;
      if (boardId === null) throw new Error('no 10,000-ticket board in the data');
      const endpoint = fluxo.endpoint(boardId);
      const server = fluxo;
      // Five people take turns (one socket alone would exceed the per-socket message rate);
      // the others start from the first one's replica and only fetch what they lack.
      const first = await EditorClient.connect(endpoint, 0, server.session.userId);
      const state = Y.encodeStateAsUpdate(first.doc);
      const editors = [first];
      for (let i = 1; i < 5; i++) {
        const replica = new Y.Doc();
        Y.applyUpdate(replica, state);
        editors.push(await EditorClient.connect(endpoint, i, server.session.userId, replica));
      }
      clients.push(...editors);
      clients.push(...(await connectMany(sizes.persistViewers, (i) => ViewerClient.connect(endpoint, i + 5))));
      const tickets = openTickets(first.doc);
      const edit = async (i: number): Promise<void> => {
        const editor = editors[i % editors.length] as EditorClient;
        const saved = await editor.type(tickets[(i * 7919) % tickets.length] as (typeof tickets)[number]).saved;
        if (Number.isNaN(saved)) throw new Error(`the server closed an editor (${String(editor.closedWith)})`);
      };
      for (let i = 0; i < 50; i++) await edit(i);
      await sleep(200);
      const before = await fluxo.host.loop();
      for (let i = 0; i < sizes.persistEdits; i++) await edit(50 + i);
      const after = await fluxo.host.loop();
      const refused = editors.reduce((sum, e) => sum + e.refused, 0);
      if (refused > 0) throw new Error(`Fluxo refused ${refused} edits`);
      return {
        id: this.id,
        label: `${this.label}; ${sizes.persistEdits} edits by 5 editors in turn, each awaited`,
        value: (after.activeMs - before.activeMs) / sizes.persistEdits,
        unit: 'ms',
        reference: 'budget',
        referenceValue: 2,
        goal: 1,
      };
    } finally {
      closeAll(clients);
      await stopAll(fluxo);
    }
  },
};

export const ackP99: Benchmark = {
  id: 'ack-p99',
  label: 'p99 time from sending an edit to its MESSAGE_SAVED, 50 editors typing 5 chars/s each',
  async run(mode) {
    const sizes = SIZES[mode];
    let fluxo: FluxoServerUnderTest | null = null;
    const clients: EditorClient[] = [];
    try {
      fluxo = await startFluxo();
      const server = fluxo;
      const endpoint = server.endpoint(server.data.demoBoardId);
      clients.push(...(await connectMany(sizes.ackEditors, (i) => EditorClient.connect(endpoint, i, server.session.userId), 10)));
      const tickets = openTickets(clients[0]?.doc ?? new Y.Doc());
      const latencies: number[] = [];
      const waits: Promise<void>[] = [];
      let lost = 0;
      // The first seconds warm the server up (JIT, first writes); only what follows counts.
      const measureFrom = performance.now() + sizes.settleMs * 2;
      const end = measureFrom + sizes.ackSeconds * 1_000;
      await Promise.all(
        clients.map(async (editor, e) => {
          await sleep(Math.random() * 200);
          for (let n = 0; performance.now() < end; n++) {
            const { sentAt, saved } = editor.type(tickets[(e + n) % tickets.length] as (typeof tickets)[number]);
            const counted = sentAt >= measureFrom;
            waits.push(
              saved.then((at) => {
                if (Number.isNaN(at)) lost++;
                else if (counted) latencies.push(at - sentAt);
              }),
            );
            await sleep(200);
          }
        }),
      );
      await Promise.all(waits);
      const refused = clients.reduce((sum, c) => sum + c.refused, 0);
      if (lost > 0 || refused > 0) throw new Error(`${lost} edits never acknowledged, ${refused} refused`);
      return {
        id: this.id,
        label: `${this.label}, ${sizes.ackSeconds} s (${latencies.length} edits)`,
        value: quantile(latencies, 0.99),
        unit: 'ms',
        reference: 'budget',
        referenceValue: 50,
        goal: 1,
      };
    } finally {
      closeAll(clients);
      await stopAll(fluxo);
    }
  },
};

export const SYNC_BENCHMARKS: readonly Benchmark[] = [fanoutP99, presenceP99, idleConnectionMemory, persistSyncWork, ackP99];
