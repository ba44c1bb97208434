/**
 * A minimal WebSocket client (RFC 6455) for the load generator: the HTTP upgrade done with
 * `node:http`, then frames read and written by hand on the raw TCP socket.
 *
 * Why not the `ws` client: with 500 viewers in one process, the time the generator spends per
 * received frame is what the p99 of the last viewer measures, and a full client library's
 * per-frame cost (stream plumbing, validation, events) made the generator, not the server, the
 * bottleneck — both servers then look alike. This reader does the least a client must: split
 * the byte stream into frames (the server's frames are unmasked), hand binary payloads over,
 * answer pings, and notice close. Frames it sends are masked, as the protocol requires.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';

const OP_CONTINUATION = 0x0;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

export interface FrameSocketOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Local address to bind (servers cap sockets per client address). */
  readonly localAddress?: string;
  readonly timeoutMs?: number;
}

export class UpgradeRefusedError extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused: HTTP ${status}`);
  }
}

export class FrameSocket {
  #onMessage: ((payload: Buffer) => void) | null = null;
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #fragments: Buffer[] = [];
  #closedWith: number | null = null;
  readonly closed: Promise<number>;

  private constructor(socket: Socket, head: Buffer) {
    this.#socket = socket;
    socket.setNoDelay(true);
    let markClosed: (code: number) => void = () => undefined;
    this.closed = new Promise((resolve) => (markClosed = resolve));
    socket.on('data', (chunk: Buffer) => this.#read(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.#closedWith ??= 1006;
      markClosed(this.#closedWith);
    });
    // Bytes that came with the upgrade answer wait for a handler (see `onMessage`).
    this.#buffer = Buffer.from(head);
  }

  /**
   * Called with the payload of every binary message (a view into the read buffer: copy to keep).
   * Frames that arrived before the handler was set are delivered when it is.
   */
  set onMessage(handler: ((payload: Buffer) => void) | null) {
    this.#onMessage = handler;
    if (handler !== null && this.#buffer.length > 0) this.#read(Buffer.alloc(0));
  }

  static open(options: FrameSocketOptions): Promise<FrameSocket> {
    const url = new URL(options.url);
    const key = randomBytes(16).toString('base64');
    return new Promise((resolve, reject) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        localAddress: options.localAddress,
        timeout: options.timeoutMs ?? 30_000,
        headers: {
          ...options.headers,
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': key,
        },
      });
      req.on('upgrade', (_res, socket, head) => resolve(new FrameSocket(socket, head)));
      req.on('response', (res) => {
        res.resume();
        reject(new UpgradeRefusedError(res.statusCode ?? 0));
      });
      req.on('timeout', () => req.destroy(new Error('upgrade timed out')));
      req.on('error', reject);
      req.end();
    });
  }

  get closedWith(): number | null {
    return this.#closedWith;
  }

  get open(): boolean {
    return this.#closedWith === null && !this.#socket.destroyed;
  }

  send(payload: Uint8Array): void {
    this.#write(OP_BINARY, payload);
  }

  /** Cuts the TCP connection (no closing handshake: the benchmark is over). */
  close(): void {
    this.#closedWith ??= 1000;
    this.#socket.destroy();
  }

  #write(opcode: number, payload: Uint8Array): void {
    if (!this.open) return;
    const length = payload.length;
    const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
    const frame = Buffer.allocUnsafe(headerLength + 4 + length);
    frame[0] = 0x80 | opcode;
    if (length < 126) frame[1] = 0x80 | length;
    else if (length < 65_536) {
      frame[1] = 0x80 | 126;
      frame.writeUInt16BE(length, 2);
    } else {
      frame[1] = 0x80 | 127;
      frame.writeBigUInt64BE(BigInt(length), 2);
    }
    const mask = randomBytes(4);
    mask.copy(frame, headerLength);
    const start = headerLength + 4;
    for (let i = 0; i < length; i++) frame[start + i] = (payload[i] as number) ^ (mask[i & 3] as number);
    this.#socket.write(frame);
  }

  #read(chunk: Buffer): void {
    if (this.#onMessage === null) {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      return;
    }
    let buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    let offset = 0;
    for (;;) {
      if (buffer.length - offset < 2) break;
      const first = buffer[offset] as number;
      const second = buffer[offset + 1] as number;
      if ((second & 0x80) !== 0) {
        this.#fail(1002); // a server must not mask
        return;
      }
      let length = second & 0x7f;
      let header = 2;
      if (length === 126) {
        if (buffer.length - offset < 4) break;
        length = buffer.readUInt16BE(offset + 2);
        header = 4;
      } else if (length === 127) {
        if (buffer.length - offset < 10) break;
        length = Number(buffer.readBigUInt64BE(offset + 2));
        header = 10;
      }
      if (buffer.length - offset < header + length) break;
      const payload = buffer.subarray(offset + header, offset + header + length);
      offset += header + length;
      this.#frame(first, payload);
      if (!this.open) return;
    }
    buffer = buffer.subarray(offset);
    // Keep a copy of a partial frame only (a view would pin the whole chunk).
    this.#buffer = buffer.length === 0 ? Buffer.alloc(0) : Buffer.from(buffer);
  }

  #frame(first: number, payload: Buffer): void {
    const fin = (first & 0x80) !== 0;
    const opcode = first & 0x0f;
    switch (opcode) {
      case OP_BINARY:
      case OP_CONTINUATION:
        if (!fin) {
          this.#fragments.push(Buffer.from(payload));
          return;
        }
        if (this.#fragments.length > 0) {
          const whole = Buffer.concat([...this.#fragments, payload]);
          this.#fragments = [];
          this.#onMessage?.(whole);
        } else this.#onMessage?.(payload);
        return;
      case OP_PING:
        this.#write(OP_PONG, payload);
        return;
      case OP_CLOSE:
        this.#closedWith = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        this.#socket.destroy();
        return;
      default:
        return; // pong, text: not part of the protocol here
    }
  }

  #fail(code: number): void {
    this.#closedWith = code;
    this.#socket.destroy();
  }
}
