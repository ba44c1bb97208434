/**
 * The state of one of the share page's send forms (a reply, a new request): idle → sending →
 * sent (with what the server answered) or failed (with why, `sendProblem.ts`). `run` ignores a
 * second submit while one is sending; the form clears its fields only in `onSent`, so a failure
 * of any kind keeps the text in its boxes.
 */
import { createSignal } from 'solid-js';
import { type SendProblem, sendProblem } from './sendProblem';

type SendState<T> =
  | { readonly kind: 'idle' | 'sending' }
  | { readonly kind: 'sent'; readonly result: T }
  | { readonly kind: 'failed'; readonly problem: SendProblem };

export function createSend<T>() {
  const [state, setState] = createSignal<SendState<T>>({ kind: 'idle' });
  const sending = () => state().kind === 'sending';
  return {
    sending,
    /** What the last send answered, once it was taken; null otherwise. */
    sent: (): { readonly result: T } | null => {
      const current = state();
      return current.kind === 'sent' ? current : null;
    },
    /** Why the last send was not taken; null otherwise. */
    failed: (): { readonly problem: SendProblem } | null => {
      const current = state();
      return current.kind === 'failed' ? current : null;
    },
    async run(send: () => Promise<T>, onSent: () => void): Promise<void> {
      if (sending()) return;
      setState({ kind: 'sending' });
      try {
        const result = await send();
        onSent();
        setState({ kind: 'sent', result });
      } catch (error) {
        setState({ kind: 'failed', problem: sendProblem(error) });
      }
    },
  };
}
