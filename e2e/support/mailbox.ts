/**
 * The world's mail, as the e2e tests see it: a real SMTP server in the test process
 * (`smtp-server`) standing for every mailbox the Fluxo server sends to (its `SMTP_URL`), and a
 * client's mail program (`nodemailer`) that writes to Fluxo's inbound listener
 * (`INBOUND_SMTP_PORT`).
 *
 * The mailbox accepts any recipient, keeps each message raw and parsed (`postal-mime`), and
 * counts it as delivered only once its `250` is on the way — what the sender's SMTP client
 * sees. It offers neither AUTH nor STARTTLS, so Fluxo's worker (nodemailer over
 * `smtp://127.0.0.1:<port>`, `secure` off) speaks plain SMTP to it without further options.
 */
import { type AddressInfo } from 'node:net';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  /** The SMTP envelope: who the server really delivered to (not the headers). */
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly raw: string;
  readonly email: Email;
  /** Without angle brackets; `null` when the message had none. */
  readonly messageId: string | null;
  header(name: string): string | undefined;
}

export interface Mailbox {
  /** `smtp://127.0.0.1:<port>` — Fluxo's `SMTP_URL`. */
  readonly url: string;
  /** Everything delivered so far, in arrival order. */
  readonly received: readonly ReceivedMail[];
  /** What was delivered to `address` (by envelope). */
  to(address: string): ReceivedMail[];
  /**
   * Waits until `count` messages to `address` satisfy `accept`, and returns them all; fails
   * after `timeoutMs` naming what it waited for and listing what did arrive.
   */
  waitFor(address: string, accept: (mail: ReceivedMail) => boolean, options?: { count?: number; timeoutMs?: number }): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

const unbracket = (id: string): string => id.trim().replace(/^<|>$/g, '');

export async function startMailbox(): Promise<Mailbox> {
  const received: ReceivedMail[] = [];
  const listeners = new Set<() => void>();

  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 1_000,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        PostalMime.parse(raw)
          .then((email) => {
            received.push({
              envelope: {
                from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
                to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              },
              raw: raw.toString('utf8'),
              email,
              messageId: email.messageId === undefined ? null : unbracket(email.messageId),
              header: (name) => email.headers.find((h) => h.key === name.toLowerCase())?.value,
            });
            callback(null);
            for (const notify of [...listeners]) notify();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      });
    },
  });
  server.on('error', () => undefined);

  const port = await new Promise<number>((resolve, reject) => {
    const listener = server.listen(0, '127.0.0.1', () => resolve((listener.address() as AddressInfo).port));
    listener.once('error', reject);
  });

  const to = (address: string) => received.filter((mail) => mail.envelope.to.includes(address.toLowerCase()));

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    to,
    waitFor(address, accept, { count = 1, timeoutMs = 10_000 } = {}) {
      return new Promise<ReceivedMail[]>((resolve, reject) => {
        const check = () => {
          const matching = to(address).filter(accept);
          if (matching.length < count) return;
          settle();
          resolve(matching);
        };
        const timer = setTimeout(() => {
          settle();
          const arrived = to(address).map((mail) => `  “${mail.email.subject ?? ''}”`);
          reject(new Error(`mailbox: ${count} matching message(s) to ${address} not there after ${timeoutMs} ms; it has:\n${arrived.join('\n') || '  nothing'}`));
        }, timeoutMs);
        const settle = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A client writing from their own mail program to Fluxo's inbound listener on `port`.
 * Resolves with the message's Message-ID (without brackets) once the listener answered `250`
 * — by then the ticket or comment it causes is durable (server/CONTEXT.md, Mail).
 */
export async function sendAsClient(port: number, message: SendMailOptions & { from: string; to: string }): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const domain = /@([^>\s]+)>?\s*$/.exec(message.from)?.[1] ?? 'cliente.test';
    const messageId = message.messageId ?? `<${Date.now()}.${Math.random().toString(36).slice(2)}@${domain}>`;
    await transport.sendMail({ ...message, messageId });
    return unbracket(messageId);
  } finally {
    transport.close();
  }
}
