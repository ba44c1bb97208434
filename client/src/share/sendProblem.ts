/**
 * Why a client's message or request was not taken, as the page words it. Every case keeps the
 * text in its box; only the advice differs. Reads the error through the app's one reader
 * (`data/requestError.ts`, which imports nothing but `@trpc/client`).
 */
import type { MessageKey } from '@fluxo/shared/i18n/index';
import { TRPCClientError } from '@trpc/client';
import { describeRequestError } from '../data/requestError';

/** `conflict`: what was answered changed meanwhile (an approval decided elsewhere, or superseded). */
export type SendProblem = 'throttled' | 'gone' | 'network' | 'conflict' | 'unknown';

export function sendProblem(error: unknown): SendProblem {
  if (error instanceof TRPCClientError && (error.data as { code?: unknown } | undefined)?.code === 'CONFLICT') return 'conflict';
  const problem = describeRequestError(error);
  switch (problem.kind) {
    case 'throttled':
      return 'throttled';
    // The link expired or was revoked meanwhile, or the ticket left the client's timeline.
    case 'not_found':
      return 'gone';
    case 'network':
      return 'network';
    default:
      return 'unknown';
  }
}

/** The message for a failed send; `unknownKey` is the form's own "could not send". */
export function sendProblemKey(problem: SendProblem, unknownKey: MessageKey): MessageKey {
  switch (problem) {
    case 'throttled':
      return 'share.send.throttled';
    case 'gone':
      return 'share.send.gone';
    case 'network':
      return 'share.send.network';
    case 'conflict':
      return 'share.send.conflict';
    case 'unknown':
      return unknownKey;
  }
}
