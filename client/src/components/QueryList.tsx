import type { MessageKey } from '@fluxo/shared/i18n/index';
import { type Accessor, type JSX, Match, Switch } from 'solid-js';
import { useI18n } from '../i18n/locale';

/**
 * A list a page fetched, in its four states, with one markup everywhere: loading (a polite
 * status), failed (an alert), empty, or its rows (`children`).
 */
export default function QueryList<T>(props: {
  readonly pending: boolean;
  readonly failed: boolean;
  readonly rows: readonly T[] | undefined;
  readonly messages: { readonly loading: MessageKey; readonly error: MessageKey; readonly empty: MessageKey };
  readonly children: (rows: Accessor<readonly T[]>) => JSX.Element;
}): JSX.Element {
  const i18n = useI18n();
  return (
    <Switch>
      <Match when={props.pending}>
        <p class="notice" role="status">
          {i18n.t(props.messages.loading)}
        </p>
      </Match>
      <Match when={props.failed}>
        <p class="notice notice--error" role="alert">
          {i18n.t(props.messages.error)}
        </p>
      </Match>
      <Match when={props.rows?.length === 0}>
        <p class="empty-state">{i18n.t(props.messages.empty)}</p>
      </Match>
      <Match when={props.rows}>{(rows) => props.children(rows)}</Match>
    </Switch>
  );
}
