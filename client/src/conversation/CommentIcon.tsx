import { Match, Switch } from 'solid-js';

/**
 * The small pictures beside the words on a comment (never instead of them): a lock for an
 * internal note, an eye for what the client sees, an envelope for what came by email. Inline
 * SVG, so they render the same everywhere (no emoji font needed) and inherit the text colour.
 */
export default function CommentIcon(props: { kind: 'lock' | 'eye' | 'mail' }) {
  return (
    <svg class="comment-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.6">
      <Switch>
        <Match when={props.kind === 'lock'}>
          <rect x="3" y="7" width="10" height="7" rx="1.5" />
          <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
        </Match>
        <Match when={props.kind === 'eye'}>
          <path d="M1.5 8S4 3.5 8 3.5 14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8Z" />
          <circle cx="8" cy="8" r="2" />
        </Match>
        <Match when={props.kind === 'mail'}>
          <rect x="2" y="3.5" width="12" height="9" rx="1.5" />
          <path d="m2.5 4.5 5.5 4 5.5-4" />
        </Match>
      </Switch>
    </svg>
  );
}
