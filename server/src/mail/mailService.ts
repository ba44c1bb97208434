/**
 * Mail, assembled from the configuration (`main.ts` calls `startMail` once):
 *
 * - `SMTP_URL` set → the outbox worker runs (`outboxWorker.ts`); unset → no worker: rows wait
 *   in the outbox as `pending`, and admins see them (`mail.outbox`).
 * - `INBOUND_SMTP_PORT` + `INBOUND_DOMAIN` set → the SMTP listener runs (`inboundSmtpServer.ts`
 *   → `inboundMail.ts`), and client emails carry the ticket's reply address
 *   `t+<token>@<INBOUND_DOMAIN>`. A port without a domain is a configuration error.
 * - `MAIL_BURST_WINDOW_SECONDS` (default 120) is the worker's burst window (`outboxGroups.ts`).
 * - The one-click unsubscribe page (`unsubscribePage.ts`) is always there: links in mail sent
 *   earlier must keep working.
 *
 * `close()` stops the listener (connections in progress finish their message) and the worker
 * (the email in flight is sent and released), then closes the SMTP transport.
 */
import { mailTimelineLinks } from '../share/mailTimelineLinks.js';
import { ConfigError, type Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { AttachmentFiles } from './attachmentFiles.js';
import { type InboundConversation, InboundMail, type IntakeRoute, soleAgencyIntake } from './inboundMail.js';
import { type InboundSmtpServer, startInboundSmtpServer } from './inboundSmtpServer.js';
import { bareAddress, messageIdDomain } from './mailAddress.js';
import { type BoardDocAccess, MailComposer, type TimelineLinks, senderAddress } from './mailComposer.js';
import { type MailTransport, smtpTransport } from './mailTransport.js';
import { OutboxWorker, type OutboxWorkerOptions } from './outboxWorker.js';
import { type UnsubscribeHandler, createUnsubscribeHandler } from './unsubscribePage.js';

export interface MailServiceOptions {
  readonly config: Config;
  readonly store: Store;
  /** The sync server: tickets opened by email appear live. */
  readonly boards: BoardDocAccess;
  readonly logger: Logger;
  /** Comments and notifications (`conversationInbound(conversation)`). */
  readonly conversation: InboundConversation;
  /** The client timeline link of a ticket; default none (share links come later). */
  readonly timelineLinks?: TimelineLinks;
  /** Where `atendimento@` opens tickets; default `soleAgencyIntake`. */
  readonly intake?: IntakeRoute;
  /** Replaces the SMTP transport of `SMTP_URL` (tests). */
  readonly transport?: MailTransport;
  readonly now?: () => Date;
  readonly worker?: Partial<Pick<OutboxWorkerOptions, 'pollIntervalMs' | 'leaseMs' | 'windowMs' | 'retry' | 'onSettled'>>;
  readonly inbound?: { readonly host?: string | null; readonly maxBytes?: number };
}

export interface MailService {
  /** `null` without `SMTP_URL`. */
  readonly worker: OutboxWorker | null;
  /** `null` without `INBOUND_SMTP_PORT`. */
  readonly inbound: InboundMail | null;
  /** The port the listener took (with `INBOUND_SMTP_PORT=0`, the real one). */
  readonly inboundPort: number | null;
  readonly unsubscribe: UnsubscribeHandler;
  /** Rows were enqueued: send soon rather than at the next poll. */
  wake(): void;
  close(): Promise<void>;
}

export async function startMail(options: MailServiceOptions): Promise<MailService> {
  const { config, store, logger } = options;
  if (config.inboundSmtpPort !== null && config.inboundDomain === null) {
    throw new ConfigError([
      'INBOUND_DOMAIN: expected a domain name such as atendimento.example.com when INBOUND_SMTP_PORT is set, got nothing',
    ]);
  }
  const now = options.now ?? (() => new Date());
  const domain = messageIdDomain(config);
  const from = senderAddress(config.mailFrom, domain);
  const inboundDomain = config.inboundSmtpPort === null ? null : config.inboundDomain;

  const composer = new MailComposer({
    store,
    boards: options.boards,
    publicUrl: config.publicUrl,
    mailFrom: from,
    inboundDomain,
    timelineLinks: options.timelineLinks ?? mailTimelineLinks({ store, boards: options.boards, publicUrl: config.publicUrl, now }),
    now,
  });

  const transport = options.transport ?? (config.smtpUrl === null ? null : smtpTransport(config.smtpUrl));
  const worker =
    transport === null
      ? null
      : new OutboxWorker({
          store,
          composer,
          transport,
          messageIdDomain: domain,
          logger,
          now,
          windowMs: config.mailBurstWindowMs,
          ...options.worker,
        });
  worker?.start();
  if (worker === null) logger.info('mail: SMTP_URL is not set, outgoing mail waits in the outbox');

  let inbound: InboundMail | null = null;
  let listener: InboundSmtpServer | null = null;
  if (inboundDomain !== null && config.inboundSmtpPort !== null) {
    inbound = new InboundMail({
      store,
      boards: options.boards,
      conversation: options.conversation,
      files: new AttachmentFiles(config.dataDir),
      inboundDomain,
      ownAddresses: [bareAddress(from)],
      intake: options.intake ?? soleAgencyIntake(store),
      logger,
      now,
      onEnqueued: () => worker?.wake(),
    });
    const accepting = inbound;
    listener = await startInboundSmtpServer({
      port: config.inboundSmtpPort,
      host: options.inbound?.host ?? config.host,
      name: inboundDomain,
      logger,
      ...(options.inbound?.maxBytes === undefined ? {} : { maxBytes: options.inbound.maxBytes }),
      acceptsRecipient: (address) => accepting.acceptsRecipient(address),
      deliver: async (raw, envelope) => {
        await accepting.deliver(raw, envelope);
      },
    });
    logger.info(`mail: accepting mail for atendimento@${inboundDomain} on port ${listener.port}`);
  }

  let closing: Promise<void> | null = null;
  return {
    worker,
    inbound,
    inboundPort: listener?.port ?? null,
    unsubscribe: createUnsubscribeHandler({ store, now }),
    wake: () => worker?.wake(),
    close() {
      closing ??= (async () => {
        await listener?.close();
        await worker?.stop();
        transport?.close();
      })();
      return closing;
    },
  };
}
