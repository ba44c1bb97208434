import type { ShareTicket } from '@fluxo/shared/share/timeline';
import { Show, createSignal, createUniqueId } from 'solid-js';
import { useI18n } from '../i18n/locale';
import { createSend } from './createSend';
import { sendProblemKey } from './sendProblem';

/** Sends the client's message on a ticket (respond scope); rejects when it was not taken. */
export type Reply = (ticketId: ShareTicket['id'], body: string) => Promise<void>;

/** Longest message `share.reply` accepts (`shareReplyInputSchema`). */
const MAX_REPLY_LENGTH = 20_000;

/**
 * The reply box of one ticket (respond links only). The text stays in the box until the server
 * has it — a failure of any kind says why and keeps it. Answering a ticket that waits on the
 * client says, before and after, that the agency is told.
 */
export default function ReplyForm(props: { ticket: ShareTicket; reply: Reply }) {
  const i18n = useI18n();
  const id = createUniqueId();
  const [text, setText] = createSignal('');
  /** Sent: whether the message answered a question the agency was waiting on. */
  const send = createSend<boolean>();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const body = text().trim();
    if (body === '') return;
    const answered = props.ticket.status === 'waiting_client';
    return send.run(
      () => props.reply(props.ticket.id, body).then(() => answered),
      () => setText(''),
    );
  };
  return (
    <form class="share-reply" onSubmit={(event) => void submit(event)}>
      <Show when={props.ticket.status === 'waiting_client'}>
        <p class="share-reply__waiting">{i18n.t('share.reply.waiting')}</p>
      </Show>
      <label for={id}>{i18n.t('share.reply.label')}</label>
      <textarea id={id} rows={3} maxLength={MAX_REPLY_LENGTH} value={text()} onInput={(event) => setText(event.currentTarget.value)} />
      <button type="submit" disabled={send.sending() || text().trim() === ''}>
        {i18n.t('share.reply.send')}
      </button>
      <Show when={send.sent()}>
        {(done) => <p role="status">{i18n.t(done().result ? 'share.reply.sentResumed' : 'share.reply.sent')}</p>}
      </Show>
      <Show when={send.failed()}>
        {(failure) => (
          <p role="alert" class="share-reply__error">
            {i18n.t(sendProblemKey(failure().problem, 'share.reply.error'))}
          </p>
        )}
      </Show>
    </form>
  );
}
