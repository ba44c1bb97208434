/**
 * A socket whose peer stops reading: what `send` lets through and when it cuts the socket, on a
 * stand-in for `ws` whose send buffer the test fills by hand. (The same with real sockets is in
 * `syncServer.test.ts`.)
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { BoardId, UserId } from '@fluxo/shared/ids';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { silentLogger } from '../log.js';
import type { BoardRoom } from './boardRoom.js';
import { DEFAULT_RATE_LIMIT, SocketRateLimit } from './socketRateLimit.js';
import { SyncConnection } from './syncConnection.js';

class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: number[] = [];
  terminated = false;
  closed: number | null = null;

  send(message: Uint8Array): void {
    this.sent.push(message.length);
    this.bufferedAmount += message.length;
  }

  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
  }

  close(code: number): void {
    this.closed = code;
    this.readyState = 2;
  }
}

/** A connection on `socket` with everything else fixed (one user, one board, no rate limit). */
function syncConnection(
  socket: WebSocket,
  options: { maxBufferedBytes: number; stream?: Socket; maxCorkMs?: number; now?: () => number; stalled?: () => void },
) {
  return new SyncConnection({
    id: 1,
    socket,
    stream: options.stream ?? null,
    ...(options.maxCorkMs === undefined ? {} : { maxCorkMs: options.maxCorkMs }),
    room: {} as BoardRoom,
    userId: 'AnaAtendimento01' as UserId,
    boardId: 'Board00000000001' as BoardId,
    sessionToken: 'token',
    address: '127.0.0.1',
    rateLimit: new SocketRateLimit(DEFAULT_RATE_LIMIT, 0),
    maxBufferedBytes: options.maxBufferedBytes,
    logger: silentLogger,
    ...(options.now ? { now: options.now } : {}),
    host: { stalled: options.stalled ?? (() => undefined), closed: () => undefined },
  });
}

function connection(maxBufferedBytes: number) {
  const socket = new FakeSocket();
  let stalled = 0;
  const conn = syncConnection(socket as unknown as WebSocket, { maxBufferedBytes, now: () => 0, stalled: () => stalled++ });
  return { socket, conn, stalled: () => stalled };
}

const bytes = (n: number) => new Uint8Array(n);

describe('SyncConnection.send under backpressure', () => {
  it('cuts (not closes) a socket once more than the cap is queued: a closing handshake would wait on a peer that does not read', () => {
    const { socket, conn, stalled } = connection(1_000);
    conn.send(bytes(600));
    conn.send(bytes(400)); // exactly the cap
    expect(socket.sent).toEqual([600, 400]);
    conn.send(bytes(1));
    expect(socket.terminated).toBe(true);
    expect(socket.closed).toBeNull();
    expect(stalled()).toBe(1);
    expect(conn.open).toBe(false);
    conn.send(bytes(1));
    expect(socket.sent).toEqual([600, 400]);
  });

  it('sends one message of any size on an empty buffer, and makes room for a bulk step 2 on top of the cap', () => {
    const { socket, conn, stalled } = connection(1_000);
    conn.send(bytes(5_000), true); // the board, larger than the cap
    conn.send(bytes(900)); // relays while it drains
    expect(socket.terminated).toBe(false);
    socket.bufferedAmount = 800; // the step 2 went out
    conn.send(bytes(100));
    conn.send(bytes(200)); // 900 + 200 > 1 000, and the step 2 is gone from the buffer
    expect(socket.terminated).toBe(true);
    expect(stalled()).toBe(1);
  });

  it('does not make room for a second bulk message while the first is still queued', () => {
    const { socket, conn } = connection(1_000);
    conn.send(bytes(5_000), true);
    conn.send(bytes(5_000), true); // a second step 1 from a client that reads nothing
    expect(socket.terminated).toBe(true);
  });
});

describe('SyncConnection.send batching', () => {
  it('sends what one turn of the event loop queued for a socket in one write, in order, and the next turn again', async () => {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const accepted = new Promise<{ ws: WebSocket; stream: Socket }>((resolve) => {
      wss.on('connection', (ws, req) => resolve({ ws, stream: req.socket }));
    });
    const client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
    const received: number[] = [];
    client.on('message', (data: Buffer) => received.push(data[0] ?? -1));
    try {
      const { ws, stream } = await accepted;
      // Count the writes that reach the TCP stream (each is one system call).
      let writes = 0;
      const target = stream as unknown as { _write: (...a: unknown[]) => void; _writev?: (...a: unknown[]) => void };
      const write = target._write.bind(target);
      target._write = (...a) => {
        writes++;
        write(...a);
      };
      const writev = target._writev?.bind(target);
      if (writev) {
        target._writev = (...a) => {
          writes++;
          writev(...a);
        };
      }
      // A window wide enough that a busy machine does not cut the first turn's ten sends short.
      const maxCorkMs = 50;
      const conn = syncConnection(ws, { maxBufferedBytes: 1 << 20, stream, maxCorkMs });
      for (let i = 0; i < 10; i++) conn.send(Uint8Array.of(i, 1, 2, 3));
      expect(writes).toBe(0); // held until the turn ends
      await new Promise((resolve) => setImmediate(resolve));
      expect(writes).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 5));
      conn.send(Uint8Array.of(10));
      conn.send(Uint8Array.of(11));
      await new Promise((resolve) => setImmediate(resolve));
      expect(writes).toBe(2);
      // A long turn: what it sent more than maxCorkMs ago goes out at its next send.
      conn.send(Uint8Array.of(12));
      const until = performance.now() + maxCorkMs + 1;
      while (performance.now() < until) {
        // busy, as a turn reading many frames is
      }
      expect(writes).toBe(2);
      conn.send(Uint8Array.of(13));
      expect(writes).toBe(3);
      await new Promise((resolve) => setImmediate(resolve));
      expect(writes).toBe(4);
      await expect.poll(() => received.length).toBe(14);
      expect(received).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    } finally {
      client.terminate();
      wss.close();
      http.close();
    }
  });
});
