import type { MessageKey, MessageParams } from '@fluxo/shared/i18n/index';
import { Show } from 'solid-js';
import { useI18n } from '../i18n/locale';

/** What the last action on an admin page came to: a message key, and whether it failed. */
export interface Outcome {
  readonly key: MessageKey;
  readonly params?: MessageParams;
  readonly failed: boolean;
}

/**
 * The last action's outcome: a success is read out politely (a `status` region that is always
 * there, so screen readers hear it change), a failure is a visible alert.
 */
export default function ActionOutcome(props: { outcome: Outcome | null; class: string }) {
  const i18n = useI18n();
  return (
    <>
      <div class={props.class} role="status">
        <Show when={props.outcome?.failed === false ? props.outcome : null}>{(done) => i18n.t(done().key, done().params)}</Show>
      </div>
      <Show when={props.outcome?.failed ? props.outcome : null}>
        {(failed) => (
          <p class="notice notice--error" role="alert">
            {i18n.t(failed().key, failed().params)}
          </p>
        )}
      </Show>
    </>
  );
}
