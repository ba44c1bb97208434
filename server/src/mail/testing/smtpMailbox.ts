/**
 * Test support: a real SMTP server in the test process (`smtp-server`) that keeps what it is
 * sent — the receiving mailbox of the outbound tests. It can refuse messages (a `451` or a `550`
 * for the next N), and run a hook before it answers `250` (the kill test stops the sender
 * there). A message counts as delivered only once `250` is on its way: exactly what the
 * sender's SMTP client sees.
 */
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import PostalMime, { type Email } from 'postal-mime';
import { normaliseMessageId } from '../mailAddress.js';

export interface ReceivedMail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly raw: Buffer;
  readonly email: Email;
  /** Without brackets; `null` when the message had none. */
  readonly messageId: string | null;
  header(name: string): string | undefined;
}

export interface SmtpMailbox {
  /** `smtp://127.0.0.1:<port>` — what `SMTP_URL` would say. */
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Answer the next `count` messages with `code` (451: try later; 550: refused for good). */
  refuseNext(count: number, code?: number): void;
  /** Runs before each `250` (may never resolve: a sender killed mid-send). */
  beforeAccept: ((mail: ReceivedMail) => Promise<void> | void) | null;
  /** How many times each Message-ID arrived. */
  deliveriesByMessageId(): Map<string, number>;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpMailbox(): Promise<SmtpMailbox> {
  const received: ReceivedMail[] = [];
  let refusals: { count: number; code: number } = { count: 0, code: 451 };
  const waiters = new Set<() => void>();

  const mailbox: SmtpMailbox = {
    url: '',
    port: 0,
    received,
    beforeAccept: null,
    refuseNext(count, code = 451) {
      refusals = { count, code };
    },
    deliveriesByMessageId() {
      const counts = new Map<string, number>();
      for (const mail of received) {
        const id = mail.messageId ?? '(none)';
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`mailbox: ${received.length} of ${count} messages after ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const done = () => {
            waiters.delete(done);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(done, 50);
          waiters.add(done);
        });
      }
    },
    close: async () => undefined,
  };

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
        void (async () => {
          if (refusals.count > 0) {
            refusals.count--;
            callback(Object.assign(new Error(refusals.code >= 500 ? 'Mailbox refused' : 'Try again later'), { responseCode: refusals.code }));
            return;
          }
          const raw = Buffer.concat(chunks);
          const email = await PostalMime.parse(raw);
          const mail: ReceivedMail = {
            envelope: {
              from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            raw,
            email,
            messageId: email.messageId === undefined ? null : normaliseMessageId(email.messageId),
            header: (name) => email.headers.find((h) => h.key === name.toLowerCase())?.value,
          };
          await mailbox.beforeAccept?.(mail);
          received.push(mail);
          callback(null);
          for (const wake of [...waiters]) wake();
        })().catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      });
    },
  });
  server.on('error', () => undefined);

  const port = await new Promise<number>((resolve, reject) => {
    const listener = server.listen(0, '127.0.0.1', () => {
      const address = listener.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
    listener.once('error', reject);
  });
  return Object.assign(mailbox, {
    url: `smtp://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
