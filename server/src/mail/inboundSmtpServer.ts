/**
 * The incoming-mail listener (`INBOUND_SMTP_PORT`): an SMTP server (`smtp-server`) that accepts
 * mail for Fluxo's own addresses at `INBOUND_DOMAIN` and hands each message to `deliver`.
 *
 * What is refused, and when — at SMTP time, so the sender's server bounces it to the sender
 * instead of Fluxo swallowing it:
 * - a recipient that is not ours (another domain, another local part, an unknown ticket
 *   token): `550 5.1.1` at `RCPT TO` (`acceptsRecipient`);
 * - a message over `maxBytes` (25 MB): `552` at `MAIL FROM` when the client declares its
 *   `SIZE`, else after `DATA` (the bytes past the limit are drained, never buffered);
 * - a message `deliver` fails on: `451` (temporary), so the sender's server tries again later;
 *   a message it cannot parse at all: `554`.
 *
 * The reply `250` is sent only after `deliver` resolved, i.e. after the ticket or comment is
 * durable: once the sender's server has our `250`, the mail is ours. No `AUTH` (this is an MX,
 * not a submission server) and no `STARTTLS` (no certificate is configured; run it behind the
 * agency's MTA, or on a private network, see server/CONTEXT.md).
 */
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '../log.js';

/** Largest message accepted (DESIGN: "oversized mail (over 25 MB) … refused at SMTP time"). */
export const MAX_INBOUND_MESSAGE_BYTES = 25 * 1024 * 1024;

export interface InboundEnvelope {
  /** `MAIL FROM`, `''` for the null sender (bounces). */
  readonly mailFrom: string;
  /** The accepted `RCPT TO` addresses. */
  readonly rcptTo: readonly string[];
  readonly remoteAddress: string;
}

/** Thrown by `deliver` for a message that will never be accepted (not worth a retry). */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

export interface InboundSmtpOptions {
  readonly port: number;
  readonly host?: string | null;
  /** Name in the greeting (default: the inbound domain). */
  readonly name: string;
  readonly maxBytes?: number;
  /** Concurrent SMTP clients (default 50). */
  readonly maxClients?: number;
  readonly logger: Logger;
  acceptsRecipient(address: string): Promise<boolean>;
  deliver(raw: Buffer, envelope: InboundEnvelope): Promise<void>;
}

export interface InboundSmtpServer {
  /** The port actually listened on (useful with port 0). */
  readonly port: number;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

/** Starts listening; resolves once the port is open. */
export async function startInboundSmtpServer(options: InboundSmtpOptions): Promise<InboundSmtpServer> {
  const maxBytes = options.maxBytes ?? MAX_INBOUND_MESSAGE_BYTES;
  const { logger } = options;

  const server = new SMTPServer({
    name: options.name,
    banner: 'Fluxo',
    size: maxBytes,
    rejectOversized: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    maxClients: options.maxClients ?? 50,
    maxRecipients: 50,
    socketTimeout: 60_000,
    closeTimeout: 5_000,

    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) {
      options.acceptsRecipient(address.address).then(
        (accepted) => callback(accepted ? null : smtpError('5.1.1 No such recipient here', 550)),
        (error: unknown) => {
          logger.error('inbound mail: recipient check failed', { error: String(error) });
          callback(smtpError('4.3.0 Try again later', 451));
        },
      );
    },

    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const chunks: Buffer[] = [];
      let buffered = 0;
      stream.on('data', (chunk: Buffer) => {
        if (buffered + chunk.length > maxBytes) return; // drained, not kept: the size check answers 552
        chunks.push(chunk);
        buffered += chunk.length;
      });
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          logger.warn('inbound mail: refused, over the size limit', { bytes: stream.byteLength, limit: maxBytes });
          callback(smtpError('5.3.4 Message too big', 552));
          return;
        }
        const envelope: InboundEnvelope = {
          mailFrom: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          remoteAddress: session.remoteAddress,
        };
        options.deliver(Buffer.concat(chunks, buffered), envelope).then(
          () => callback(null),
          (error: unknown) => {
            if (error instanceof PermanentDeliveryError) {
              logger.warn('inbound mail: refused', { reason: error.message });
              callback(smtpError(`5.6.0 ${error.message}`, 554));
              return;
            }
            logger.error('inbound mail: delivery failed, the sender will retry', {
              error: error instanceof Error ? (error.stack ?? error.message) : String(error),
            });
            callback(smtpError('4.3.0 Temporary failure, try again later', 451));
          },
        );
      });
    },
  });
  server.on('error', (error) => logger.warn('inbound mail: connection error', { error: error.message }));

  const listener = await new Promise<ReturnType<SMTPServer['listen']>>((resolve, reject) => {
    const listening = options.host
      ? server.listen(options.port, options.host, () => resolve(listening))
      : server.listen(options.port, () => resolve(listening));
    listening.once('error', reject);
  });
  const address = listener.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;

  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
