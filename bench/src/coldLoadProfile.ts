/**
 * `npx pnpm@10.34.9 --filter @fluxo/bench cold-load-profile`: where the time of `cold-load-10k`
 * goes, phase by phase, for the stored format in use (Yjs V1 updates) and for Yjs V2 updates,
 * with the bytes each takes, and what reading the tickets cost before `readBoard` had its fast
 * path. Not a benchmark (no goal): the numbers behind decisions about the stored format and the
 * document layout.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TICKETS_MAP, inspectBoard, readBoard } from '@fluxo/shared';
import { checkedTicketEntry } from '@fluxo/shared/board/readBoard';
import * as Y from 'yjs';
import { buildBoardFixture } from './boardFixture.js';
import { COLD_LOAD_TICKETS } from './coldLoad.js';
import { collectGarbage, median } from './measure.js';

const rounds = process.argv.includes('--short') ? 3 : 11;
const fixture = buildBoardFixture(COLD_LOAD_TICKETS);
const dir = await mkdtemp(join(tmpdir(), 'fluxo-bench-profile-'));
const files = { v1: join(dir, 'v1.bin'), v2: join(dir, 'v2.bin'), json: join(dir, 'tickets.json') };
await writeFile(files.v1, fixture.state);
await writeFile(files.v2, fixture.stateV2);
await writeFile(files.json, JSON.stringify(fixture.tickets));

type Phases = Record<string, number>;
const samples = new Map<string, Phases[]>();

async function sample(name: string, run: (mark: (phase: string) => void) => Promise<void>): Promise<void> {
  collectGarbage();
  const phases: Phases = {};
  let last = performance.now();
  const start = last;
  await run((phase) => {
    const now = performance.now();
    phases[phase] = now - last;
    last = now;
  });
  phases.total = performance.now() - start;
  const list = samples.get(name) ?? [];
  list.push(phases);
  samples.set(name, list);
}

for (let i = 0; i < rounds; i++) {
  for (const [name, file, apply] of [
    ['yjs v1 (stored today)', files.v1, Y.applyUpdate],
    ['yjs v2', files.v2, Y.applyUpdateV2],
  ] as const) {
    await sample(name, async (mark) => {
      const bytes = await readFile(file);
      mark('read file');
      const doc = new Y.Doc();
      apply(doc, bytes);
      mark('apply update');
      readBoard(doc);
      mark('readBoard');
      inspectBoard(doc, { strict: true });
      mark('inspectBoard (again, with invariants)');
      for (const [key, value] of doc.getMap<unknown>(TICKETS_MAP).entries()) checkedTicketEntry(key, value);
      mark('every ticket through zod only (the reader before its fast path)');
    });
  }
  await sample('reference: JSON', async (mark) => {
    const text = await readFile(files.json, 'utf8');
    mark('read file');
    JSON.parse(text);
    mark('JSON.parse');
  });
}
await rm(dir, { recursive: true, force: true });

const structs = Y.decodeUpdate(fixture.state).structs.length;
console.log(
  `${COLD_LOAD_TICKETS} tickets, ${structs} Yjs structs (${(structs / COLD_LOAD_TICKETS).toFixed(1)} per ticket); ` +
    `bytes: v1 ${fixture.state.length}, v2 ${fixture.stateV2.length}, JSON ${Buffer.byteLength(JSON.stringify(fixture.tickets))}; ` +
    `medians of ${rounds} rounds, ms`,
);
for (const [name, list] of samples) {
  const phases = Object.keys(list[0] ?? {});
  console.log(`${name}: ${phases.map((p) => `${p} ${median(list.map((s) => s[p] ?? 0)).toFixed(1)}`).join(' | ')}`);
}
