/**
 * What a refused `clients.*` write is called on screen. The server says which field was wrong in
 * English (for logs); the form has already checked phones and emails with the same shared rules
 * (`@fluxo/shared/clients/contactChannels`), so a BAD_REQUEST that still arrives is named
 * generally.
 */
import type { MessageKey } from '@fluxo/shared/i18n/index';
import { TRPCClientError } from '@trpc/client';

const PROBLEM_KEYS: Readonly<Record<string, MessageKey>> = {
  BAD_REQUEST: 'client.error.invalid',
  FORBIDDEN: 'client.error.forbidden',
  NOT_FOUND: 'client.error.notFound',
};

export function clientProblemKey(error: unknown): MessageKey {
  const code = error instanceof TRPCClientError ? ((error as TRPCClientError<never>).data as { code?: unknown } | undefined)?.code : undefined;
  return (typeof code === 'string' ? PROBLEM_KEYS[code] : undefined) ?? 'client.error.generic';
}
