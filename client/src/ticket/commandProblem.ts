/**
 * Running a board command from the drawer. Commands validate before they write (a refused
 * command has written nothing), so a refusal only needs telling: it is read as the message the
 * person sees. Anything that is not a domain error is a bug and is rethrown.
 */
import { isDomainError } from '@fluxo/shared/errors';
import type { MessageKey } from '@fluxo/shared/i18n/index';

export function problemMessage(error: unknown): MessageKey {
  if (!isDomainError(error)) throw error;
  switch (error.code) {
    case 'invalid_status':
    case 'ticket_closed':
      return 'drawer.error.status';
    case 'not_found':
      return 'drawer.error.gone';
    case 'invalid_input':
      return 'drawer.error.input';
    default:
      return 'error.generic';
  }
}

/** Runs `command`; returns the message key of its refusal, or null when it went through. */
export function runCommand(command: () => void): MessageKey | null {
  try {
    command();
    return null;
  } catch (error) {
    return problemMessage(error);
  }
}
