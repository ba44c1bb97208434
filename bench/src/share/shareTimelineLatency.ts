/**
 * `share-timeline-latency`: how long a staff move takes to reach a client watching the share
 * page (`share.watch`, Server-Sent Events), against how long the same move takes to reach a
 * colleague on the board (the y-websocket update), measured on the same moves in the same run.
 *
 * Each round, Ana's replica moves the demo clinic's landing page between Produção and Entrega
 * (a handoff, then rework: both are real moves the flow allows) and sends the update. The
 * colleague's time is when the first document update after sending reaches a second staff
 * socket; the client's is when an SSE event arrives whose timeline shows the ticket in the new
 * stage. Reported: the median of each, over the rounds.
 */
import { type Stage, type TicketId, moveTicket, readBoard } from '@fluxo/shared';
import { z } from 'zod';
import { type Benchmark, median } from '../measure.js';
import { EditorClient, ViewerClient } from '../sync/syncClients.js';
import { type FluxoServerUnderTest, sleep, startFluxo } from '../sync/syncLab.js';

const ROUNDS = { full: 40, short: 8 } as const;
const WARMUP = 3;
const ROUND_TIMEOUT_MS = 10_000;
const CLINIC = 'Clínica Sorriso';
const LANDING = 'Landing page do novo tratamento de clareamento';

const trpcData = <T extends z.ZodType>(schema: T) => z.object({ result: z.object({ data: schema }) });
const boardAnswer = trpcData(z.object({ clients: z.array(z.object({ id: z.string(), name: z.string() })) }));
const issuedAnswer = trpcData(z.object({ url: z.string() }));
const timelineEvent = z.object({ tickets: z.array(z.object({ id: z.string(), stage: z.string() })) });

async function trpc(fluxo: FluxoServerUnderTest, path: string, input: unknown, method: 'GET' | 'POST'): Promise<unknown> {
  const headers = { cookie: fluxo.session.cookie, origin: fluxo.baseUrl, 'content-type': 'application/json' };
  const url =
    method === 'GET' ? `${fluxo.baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}` : `${fluxo.baseUrl}/trpc/${path}`;
  const response = await fetch(url, method === 'GET' ? { headers } : { method, headers, body: JSON.stringify(input) });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/**
 * The share page's live stream as a browser's EventSource reads it: tRPC's SSE events; every
 * `data:` line of a message event is a timeline. Calls `onTimeline` with each.
 */
async function openShareStream(url: string, onTimeline: (timeline: z.infer<typeof timelineEvent>) => void): Promise<AbortController> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
  if (!response.ok || response.body === null) throw new Error(`share.watch answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(message)?.[1];
          const data = message
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice('data: '.length))
            .join('\n');
          if (event === undefined && data !== '') {
            const parsed = timelineEvent.safeParse(JSON.parse(data));
            if (parsed.success) onTimeline(parsed.data);
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted at the end of the benchmark
    }
  })();
  return abort;
}

export const shareTimelineLatency: Benchmark = {
  id: 'share-timeline-latency',
  label: 'median time from a staff move to the client timeline showing it (SSE), over the same moves',
  async run(mode) {
    const rounds = ROUNDS[mode];
    let fluxo: FluxoServerUnderTest | null = null;
    const closers: (() => void)[] = [];
    try {
      fluxo = await startFluxo();
      const boardId = fluxo.data.demoBoardId;
      const board = boardAnswer.parse(await trpc(fluxo, 'boards.get', { boardId }, 'GET')).result.data;
      const clinic = board.clients.find((c) => c.name === CLINIC);
      if (clinic === undefined) throw new Error(`no client ${CLINIC} on the demo board`);
      const issued = issuedAnswer.parse(await trpc(fluxo, 'shareLinks.create', { boardId, clientId: clinic.id, scope: 'view' }, 'POST'));
      const token = issued.result.data.url.slice(issued.result.data.url.lastIndexOf('/') + 1);

      const endpoint = fluxo.endpoint(boardId);
      const editor = await EditorClient.connect(endpoint, 0, fluxo.session.userId);
      closers.push(() => editor.close());
      const colleague = await ViewerClient.connect(endpoint, 1);
      closers.push(() => colleague.close());
      const ticket = readBoard(editor.doc).tickets.find((t) => t.title === LANDING);
      if (ticket === undefined) throw new Error(`no ticket "${LANDING}" on the demo board`);
      const ticketId: TicketId = ticket.id;

      let waitingStage: Stage | null = null;
      let clientSeen: ((at: number) => void) | null = null;
      let colleagueSeen: ((at: number) => void) | null = null;
      const stream = await openShareStream(
        `${fluxo.baseUrl}/trpc/share.watch?input=${encodeURIComponent(JSON.stringify({ token }))}`,
        (timeline) => {
          const shown = timeline.tickets.find((t) => t.id === ticketId);
          if (shown !== undefined && shown.stage === waitingStage) clientSeen?.(performance.now());
        },
      );
      closers.push(() => stream.abort());
      colleague.onUpdate = () => colleagueSeen?.(performance.now());
      await sleep(200);

      const clientTimes: number[] = [];
      const colleagueTimes: number[] = [];
      let stage: Stage = ticket.stage;
      for (let round = 0; round < WARMUP + rounds; round++) {
        const next: Stage = stage === 'production' ? 'delivery' : 'production';
        waitingStage = next;
        const client = new Promise<number>((resolve) => (clientSeen = resolve));
        const peer = new Promise<number>((resolve) => (colleagueSeen = resolve));
        const { sentAt } = editor.change((doc, origin) => moveTicket(doc, { ticketId, toStage: next }, origin));
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`round ${round}: the move to ${next} did not arrive within ${ROUND_TIMEOUT_MS} ms`)), ROUND_TIMEOUT_MS);
        });
        try {
          const [clientAt, peerAt] = await Promise.race([Promise.all([client, peer]), timeout]);
          if (round >= WARMUP) {
            clientTimes.push(clientAt - sentAt);
            colleagueTimes.push(peerAt - sentAt);
          }
        } finally {
          clearTimeout(timer);
          clientSeen = null;
          colleagueSeen = null;
        }
        stage = next;
        // Let the witness's second signal and its stream read finish before the next move.
        await sleep(50);
      }
      if (editor.refused > 0) throw new Error(`Fluxo refused ${editor.refused} moves`);
      return {
        id: this.id,
        label: `${this.label}; ${rounds} moves Produção ↔ Entrega on the demo board`,
        value: median(clientTimes),
        unit: 'ms',
        reference: 'staff-to-staff propagation of the same moves (y-websocket update at a colleague), median',
        referenceValue: median(colleagueTimes),
        goal: 2,
      };
    } finally {
      for (const close of closers) close();
      await fluxo?.host.stop();
    }
  },
};
