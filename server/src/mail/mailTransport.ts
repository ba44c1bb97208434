/**
 * Handing an email to the SMTP server of `SMTP_URL` (nodemailer), and what a refusal means.
 *
 * `send` resolves once the server answered `250` to the message. It rejects with
 * `MailSendError`, whose `permanent` says whether trying the same message again can help:
 * a `5xx` reply (except 503) is permanent (the address does not exist, the content is refused),
 * a `4xx` reply or a broken connection is not.
 */
import nodemailer, { type NodemailerError, type Transporter } from 'nodemailer';

export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly replyTo: string | null;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Without angle brackets. */
  readonly messageId: string;
  /** Without angle brackets. */
  readonly inReplyTo: string | null;
  /** Without angle brackets, oldest first. */
  readonly references: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
}

export class MailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailSendError';
  }
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

const bracket = (id: string) => `<${id}>`;

/** Why it failed, briefly and without credentials: the SMTP reply, else the error code. */
function describe(error: NodemailerError): string {
  const reply = error.response?.trim();
  if (reply) return reply.slice(0, 500);
  return `${error.code ?? 'error'}: ${error.message}`.slice(0, 500);
}

export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter: Transporter = nodemailer.createTransport({
    url: smtpUrl,
    // One kept-open connection: a batch does not pay a handshake per email.
    pool: true,
    maxConnections: 1,
    maxMessages: 100,
    // A send never outlives the worker's lease (see outboxWorker.ts).
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(mail) {
      try {
        await transporter.sendMail({
          from: mail.from,
          to: mail.to,
          ...(mail.replyTo === null ? {} : { replyTo: mail.replyTo }),
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: bracket(mail.messageId),
          ...(mail.inReplyTo === null ? {} : { inReplyTo: bracket(mail.inReplyTo) }),
          ...(mail.references.length === 0 ? {} : { references: mail.references.map(bracket) }),
          headers: { ...mail.headers },
        });
      } catch (error) {
        const e = error as NodemailerError;
        throw new MailSendError(describe(e), e.permanent === true);
      }
    },
    close() {
      transporter.close();
    },
  };
}
