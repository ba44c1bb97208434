import { MAX_SHARE_REQUEST_BODY_LENGTH, MAX_SHARE_TITLE_LENGTH } from '@fluxo/shared/share/timeline';
import { Show, createSignal, createUniqueId } from 'solid-js';
import { useI18n } from '../i18n/locale';
import { createSend } from './createSend';
import { sendProblemKey } from './sendProblem';

/** Sends a new request (respond scope); resolves with its number. */
export type SendRequest = (title: string, body: string) => Promise<number | null>;

/**
 * "Novo pedido" (respond links only): a title and optional details → `share.request`. Both
 * fields keep their text until the server has the request; a failure says why.
 */
export default function RequestForm(props: { send: SendRequest }) {
  const i18n = useI18n();
  const titleId = createUniqueId();
  const detailsId = createUniqueId();
  const headingId = createUniqueId();
  const [title, setTitle] = createSignal('');
  const [details, setDetails] = createSignal('');
  /** Sent: the new request's number (null when the server could not number it yet). */
  const send = createSend<number | null>();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (title().trim() === '') return;
    return send.run(
      () => props.send(title().trim(), details().trim()),
      () => {
        setTitle('');
        setDetails('');
      },
    );
  };
  const sentText = (number: number | null) =>
    number === null ? i18n.t('share.request.sentNoNumber') : i18n.t('share.request.sent', { number });
  return (
    <section class="share-request" aria-labelledby={headingId}>
      <h2 id={headingId}>{i18n.t('share.request.title')}</h2>
      <form class="share-reply" onSubmit={(event) => void submit(event)}>
        <label for={titleId}>{i18n.t('share.request.name')}</label>
        <input
          id={titleId}
          type="text"
          maxLength={MAX_SHARE_TITLE_LENGTH}
          value={title()}
          onInput={(event) => setTitle(event.currentTarget.value)}
        />
        <label for={detailsId}>{i18n.t('share.request.details')}</label>
        <textarea
          id={detailsId}
          rows={3}
          maxLength={MAX_SHARE_REQUEST_BODY_LENGTH}
          value={details()}
          onInput={(event) => setDetails(event.currentTarget.value)}
        />
        <button type="submit" disabled={send.sending() || title().trim() === ''}>
          {i18n.t('share.request.send')}
        </button>
        <Show when={send.sent()}>
          {(done) => (
            <p role="status">{sentText(done().result)}</p>
          )}
        </Show>
        <Show when={send.failed()}>
          {(failure) => (
            <p role="alert" class="share-reply__error">
              {i18n.t(sendProblemKey(failure().problem, 'share.request.error'))}
            </p>
          )}
        </Show>
      </form>
    </section>
  );
}
