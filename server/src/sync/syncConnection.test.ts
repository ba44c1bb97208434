/**
 * A socket whose peer stops reading: what `send` lets through and when it cuts the socket, on a
 * stand-in for `ws` whose send buffer the test fills by hand. (The same with real sockets is in
 * `syncServer.test.ts`.)
 */
import type { BoardId, UserId } from '@fluxo/shared/ids';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
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

function connection(maxBufferedBytes: number) {
  const socket = new FakeSocket();
  let stalled = 0;
  const conn = new SyncConnection({
    id: 1,
    socket: socket as unknown as WebSocket,
    room: {} as BoardRoom,
    userId: 'AnaAtendimento01' as UserId,
    boardId: 'Board00000000001' as BoardId,
    sessionToken: 'token',
    address: '127.0.0.1',
    rateLimit: new SocketRateLimit(DEFAULT_RATE_LIMIT, 0),
    maxBufferedBytes,
    logger: silentLogger,
    now: () => 0,
    host: { stalled: () => stalled++, closed: () => undefined },
  });
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
