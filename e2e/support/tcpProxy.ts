/**
 * A TCP proxy in front of the Fluxo server that a test can unplug, to stand for a real network
 * loss: Chromium's offline emulation (`context.setOffline`) does not touch open WebSockets
 * (microsoft/playwright#4910), so it cannot show what the board does when the connection drops.
 *
 * `down()` destroys every connection through the proxy and refuses new ones (the browser sees
 * the socket die and reconnects fail); `up()` accepts again. The page is loaded through the
 * proxy's own origin, which the server accepts as same-origin (its Host header).
 */
import { type Server, type Socket, createConnection, createServer } from 'node:net';

export interface TcpProxy {
  /** `http://127.0.0.1:<proxy port>` */
  readonly url: string;
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let online = true;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server: Server = createServer((inbound) => {
    track(inbound);
    if (!online) {
      inbound.destroy();
      return;
    }
    const outbound = createConnection({ host: '127.0.0.1', port: targetPort });
    track(outbound);
    inbound.pipe(outbound);
    outbound.pipe(inbound);
    inbound.once('close', () => outbound.destroy());
    outbound.once('close', () => inbound.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    down() {
      online = false;
      for (const socket of sockets) socket.destroy();
    },
    up() {
      online = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        online = false;
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
