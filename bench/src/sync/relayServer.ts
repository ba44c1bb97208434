/**
 * The reference for the sync benchmarks: a plain WebSocket relay, the least a live board server
 * can do. Sockets at `/sync/<room>` join the room; every message a socket sends is forwarded, as
 * is, to every other open socket of the room. No authentication, no document, no validation, no
 * persistence, no presence logic — what Fluxo's sync server adds to this is what the ratios
 * measure.
 *
 * Same `ws` version and the same limits as a careful server (`maxPayload`, no compression), so
 * the comparison is about the work done per message, not about library settings.
 */
import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';

const MAX_PAYLOAD = 1024 * 1024;

export interface RelayServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startRelayServer(host = '127.0.0.1'): Promise<RelayServer> {
  const rooms = new Map<string, Set<WebSocket>>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });
  const http = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const room = /^\/sync\/([0-9A-Za-z]{1,64})$/.exec(req.url ?? '')?.[1];
    if (room === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    socket.on('error', () => socket.destroy());
    wss.handleUpgrade(req, socket, head, (ws) => join(room, ws));
  });

  function join(name: string, ws: WebSocket): void {
    let room = rooms.get(name);
    if (room === undefined) {
      room = new Set();
      rooms.set(name, room);
    }
    const peers = room;
    peers.add(ws);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data: RawData, isBinary: boolean) => {
      for (const peer of peers) if (peer !== ws && peer.readyState === WebSocket.OPEN) peer.send(data, { binary: isBinary });
    });
    ws.on('close', () => {
      peers.delete(ws);
      if (peers.size === 0 && rooms.get(name) === peers) rooms.delete(name);
    });
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, host, resolve);
  });
  const { port } = http.address() as AddressInfo;
  return {
    port,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve, reject) => http.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
