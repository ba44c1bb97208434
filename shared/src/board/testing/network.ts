/**
 * A simulated y-websocket deployment for the convergence fuzz test: replica 0 is the server,
 * the others are browsers connected to it (a star, as in production). Test support only.
 *
 * - Every local change of a browser is queued on its link to the server; every change the
 *   server applies (its own or received) is queued to every other browser, as the sync server
 *   relays. Links deliver in any order, may duplicate a message, and may drop one.
 * - An offline browser keeps editing; its links are held, and a connection loss drops what was
 *   in flight. Reconnecting runs the sync handshake (state vectors both ways), which is what
 *   repairs drops.
 * - The server flushes its document to storage now and then; a restart throws the live document
 *   away and rebuilds it, with a new client id, from the possibly stale stored copy; every link
 *   is cut and every browser reconnects.
 */
import * as Y from 'yjs';
import { REMOTE_ORIGIN } from '../../origin.js';
import type { Prng } from './prng.js';

interface Link {
  messages: Uint8Array[];
}

/** Marks an update applied from a link, so the server does not echo it back to its sender. */
interface FromPeer {
  source: 'remote';
  peer: number;
}

export interface NetworkStats {
  delivered: number;
  duplicated: number;
  dropped: number;
  restarts: number;
  reconnects: number;
}

export class Network {
  readonly docs: Y.Doc[] = [];
  readonly online: boolean[] = [];
  private readonly up: Link[] = [];
  private readonly down: Link[] = [];
  private readonly fromPeer: FromPeer[] = [];
  private stored: Uint8Array;
  readonly stats: NetworkStats = { delivered: 0, duplicated: 0, dropped: 0, restarts: 0, reconnects: 0 };

  constructor(
    private readonly prng: Prng,
    replicas: number,
    private readonly nextClientId: () => number,
  ) {
    for (let i = 0; i < replicas; i++) {
      this.up.push({ messages: [] });
      this.down.push({ messages: [] });
      this.fromPeer.push({ source: 'remote', peer: i });
      this.online.push(true);
      this.docs.push(new Y.Doc());
    }
    for (let i = 0; i < replicas; i++) this.attach(i, this.docs[i] ?? new Y.Doc());
    this.stored = Y.encodeStateAsUpdate(this.server);
  }

  get server(): Y.Doc {
    const doc = this.docs[0];
    if (doc === undefined) throw new Error('no server');
    return doc;
  }

  get size(): number {
    return this.docs.length;
  }

  doc(i: number): Y.Doc {
    const doc = this.docs[i];
    if (doc === undefined) throw new Error(`no replica ${i}`);
    return doc;
  }

  private attach(i: number, doc: Y.Doc): void {
    doc.clientID = this.nextClientId();
    this.docs[i] = doc;
    if (i === 0) {
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        for (let peer = 1; peer < this.docs.length; peer++) {
          if (origin !== this.fromPeer[peer]) this.down[peer]?.messages.push(update);
        }
      });
    } else {
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== this.fromPeer[0]) this.up[i]?.messages.push(update);
      });
    }
  }

  /** Links that can deliver now, as [peer, direction] pairs. */
  private ready(): { peer: number; link: Link; toServer: boolean }[] {
    const links: { peer: number; link: Link; toServer: boolean }[] = [];
    for (let peer = 1; peer < this.docs.length; peer++) {
      if (!this.online[peer]) continue;
      const up = this.up[peer];
      const down = this.down[peer];
      if (up && up.messages.length > 0) links.push({ peer, link: up, toServer: true });
      if (down && down.messages.length > 0) links.push({ peer, link: down, toServer: false });
    }
    return links;
  }

  /**
   * Deliver one message from a random ready link, taken from a random place in its queue
   * (reordering); sometimes it stays queued too (duplicate) or is lost (drop). Returns the
   * replica that received something, or null.
   */
  deliverOne(lossy: boolean): number | null {
    const choice = this.prng.maybePick(this.ready());
    if (choice === undefined) return null;
    const { peer, link, toServer } = choice;
    const index = this.prng.int(0, link.messages.length - 1);
    const message = link.messages[index];
    if (message === undefined) return null;
    if (lossy && this.prng.bool(0.1)) {
      this.stats.duplicated++;
    } else {
      link.messages.splice(index, 1);
    }
    if (lossy && this.prng.bool(0.03)) {
      this.stats.dropped++;
      return null;
    }
    const target = toServer ? 0 : peer;
    Y.applyUpdate(this.doc(target), message, toServer ? this.fromPeer[peer] : this.fromPeer[0]);
    this.stats.delivered++;
    return target;
  }

  /** A browser loses its connection: what was in flight on its links is lost. */
  goOffline(peer: number): void {
    if (peer === 0 || !this.online[peer]) return;
    this.online[peer] = false;
    const up = this.up[peer];
    const down = this.down[peer];
    if (up) up.messages = this.prng.bool(0.5) ? [] : up.messages;
    if (down) down.messages = [];
  }

  /** A browser reconnects and runs the sync handshake with the server. */
  goOnline(peer: number): void {
    if (peer === 0) return;
    this.online[peer] = true;
    this.handshake(peer);
  }

  /** Sync step 1 and 2 in both directions: each side sends what the other's state vector lacks. */
  handshake(peer: number): void {
    const client = this.doc(peer);
    const server = this.server;
    this.stats.reconnects++;
    const forServer = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    const forClient = Y.encodeStateAsUpdate(server, Y.encodeStateVector(client));
    Y.applyUpdate(server, forServer, this.fromPeer[peer]);
    Y.applyUpdate(client, forClient, this.fromPeer[0]);
  }

  /** The server writes its current document to storage. */
  flush(): void {
    this.stored = Y.encodeStateAsUpdate(this.server);
  }

  /**
   * The server process dies and starts again from storage: a new document and client id,
   * every link cut (in-flight messages lost), every online browser reconnecting.
   */
  restartServer(): void {
    this.stats.restarts++;
    this.server.destroy();
    const doc = new Y.Doc();
    this.attach(0, doc);
    Y.applyUpdate(doc, this.stored, REMOTE_ORIGIN);
    for (let peer = 1; peer < this.docs.length; peer++) {
      const up = this.up[peer];
      const down = this.down[peer];
      if (up) up.messages = [];
      if (down) down.messages = [];
    }
    for (let peer = 1; peer < this.docs.length; peer++) if (this.online[peer]) this.handshake(peer);
  }

  /** Deliver, without loss, until every link is empty (relays included). */
  private drain(): void {
    while (this.deliverOne(false) !== null);
  }

  /** Bring everyone online, deliver everything without loss, and handshake until all agree. */
  settle(): void {
    for (let peer = 1; peer < this.docs.length; peer++) this.online[peer] = true;
    for (let round = 0; round < 10; round++) {
      this.drain();
      for (let peer = 1; peer < this.docs.length; peer++) this.handshake(peer);
      this.drain();
      if (this.converged()) return;
    }
    throw new Error('replicas did not reach the same state vector after 10 sync rounds');
  }

  private converged(): boolean {
    const reference = Y.decodeStateVector(Y.encodeStateVector(this.server));
    return this.docs.every((doc) => {
      const sv = Y.decodeStateVector(Y.encodeStateVector(doc));
      return sv.size === reference.size && [...sv].every(([client, clock]) => reference.get(client) === clock);
    });
  }
}
