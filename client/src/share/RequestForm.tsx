import { MAX_SHARE_REQUEST_BODY_LENGTH, MAX_SHARE_TITLE_LENGTH } from '@fluxo/shared/share/timeline';
import { Show, createSignal, createUniqueId } from 'solid-js';
import { useI18n } from '../i18n/locale';
import { type SendProblem, sendProblem, sendProblemKey } from './sendProblem';

/** Sends a new request (respond scope); resolves with its number. */
export type SendRequest = (title: string, body: string) => Promise<number | null>;

type RequestState =
  | { readonly kind: 'idle' | 'sending' }
  | { readonly kind: 'sent'; readonly number: number | null }
  | { readonly kind: 'failed'; readonly problem: SendProblem };

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
  const [state, setState] = createSignal<RequestState>({ kind: 'idle' });
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (title().trim() === '' || state().kind === 'sending') return;
    setState({ kind: 'sending' });
    try {
      const number = await props.send(title().trim(), details().trim());
      setTitle('');
      setDetails('');
      setState({ kind: 'sent', number });
    } catch (error) {
      setState({ kind: 'failed', problem: sendProblem(error) });
    }
  };
  const sent = () => {
    const current = state();
    return current.kind === 'sent' ? current : null;
  };
  const failed = () => {
    const current = state();
    return current.kind === 'failed' ? current : null;
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
        <button type="submit" disabled={state().kind === 'sending' || title().trim() === ''}>
          {i18n.t('share.request.send')}
        </button>
        <Show when={sent()}>
          {(done) => (
            <p role="status">{sentText(done().number)}</p>
          )}
        </Show>
        <Show when={failed()}>
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
