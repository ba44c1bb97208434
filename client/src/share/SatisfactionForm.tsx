import type { MessageKey } from '@fluxo/shared/i18n/index';
import { MAX_SATISFACTION_COMMENT, type SatisfactionAnswer } from '@fluxo/shared/satisfaction/satisfaction';
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import { useI18n } from '../i18n/locale';
import { createSend } from './createSend';
import { sendProblemKey } from './sendProblem';

/** Sends the client's rating and comment; resolves with the answer as stored, rejects when it was not taken. */
export type SendRating = (rating: number, comment: string | null) => Promise<SatisfactionAnswer | null>;

const RATINGS = [1, 2, 3, 4, 5] as const;
const RATING_KEYS: Record<(typeof RATINGS)[number], MessageKey> = {
  1: 'satisfaction.rating.1',
  2: 'satisfaction.rating.2',
  3: 'satisfaction.rating.3',
  4: 'satisfaction.rating.4',
  5: 'satisfaction.rating.5',
};

/**
 * "Como foi a entrega?": a 1–5 choice (radio buttons in a `fieldset`, each with its words) and an
 * optional comment (≤ 2,000 characters), sent with a button — opening the page never answers. The
 * current answer fills the form; sending again changes it (the last answer wins). The comment
 * stays in its box until the server has it; a failure says why. Without `send` (a watch-only
 * timeline link) it only shows the answer, if any.
 */
export default function SatisfactionForm(props: { answer: SatisfactionAnswer | null; send: SendRating | null }) {
  const i18n = useI18n();
  const name = createUniqueId();
  const commentId = createUniqueId();
  const hintId = createUniqueId();
  const [rating, setRating] = createSignal<number | null>(props.answer?.rating ?? null);
  const [comment, setComment] = createSignal(props.answer?.comment ?? '');
  const send = createSend<SatisfactionAnswer | null>();
  /** The answer to show: the last one sent from here, else the one the page was given. */
  const current = () => {
    const sent = send.sent();
    return sent ? sent.result : props.answer;
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const chosen = rating();
    const sender = props.send;
    if (chosen === null || sender === null) return;
    const text = comment().trim();
    return send.run(
      () => sender(chosen, text === '' ? null : text),
      () => undefined,
    );
  };

  return (
    <div class="share-satisfaction__form">
      <Show when={current()}>{(answer) => <p class="share-satisfaction__current">{i18n.t('satisfaction.current', { rating: answer().rating })}</p>}</Show>
      <Show when={props.send}>
        <form onSubmit={(event) => void submit(event)}>
          <fieldset>
            <legend>{i18n.t('satisfaction.rating.legend')}</legend>
            <For each={RATINGS}>
              {(value) => (
                <label class="share-satisfaction__choice">
                  <input
                    type="radio"
                    name={name}
                    value={value}
                    checked={rating() === value}
                    onChange={() => setRating(value)}
                  />
                  {i18n.t(RATING_KEYS[value])}
                </label>
              )}
            </For>
          </fieldset>
          <label for={commentId}>{i18n.t('satisfaction.comment.label')}</label>
          <textarea
            id={commentId}
            rows={3}
            maxLength={MAX_SATISFACTION_COMMENT}
            aria-describedby={hintId}
            value={comment()}
            onInput={(event) => setComment(event.currentTarget.value)}
          />
          <p id={hintId} class="share-satisfaction__hint">
            {i18n.t('satisfaction.comment.hint')}
          </p>
          <button type="submit" disabled={send.sending() || rating() === null}>
            {i18n.t(current() === null ? 'satisfaction.submit' : 'satisfaction.update')}
          </button>
          <Show when={send.sent()}>
            <p role="status">{i18n.t('satisfaction.thanks')}</p>
          </Show>
          <Show when={send.failed()}>
            {(failure) => (
              <p role="alert" class="share-reply__error">
                {i18n.t(sendProblemKey(failure().problem, 'satisfaction.error'))}
              </p>
            )}
          </Show>
        </form>
      </Show>
    </div>
  );
}
