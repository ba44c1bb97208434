/**
 * Domain errors: small classes with a literal `code`. The server maps them to `TRPCError` in
 * one place (`server/src/trpc/errors.ts`); the client maps the code to a translated message.
 * Someone who may not see a thing gets `not_found`, never `forbidden` (Planka's rule), so the
 * existence of other agencies' data is not revealed.
 */
export type DomainErrorCode =
  | 'not_found'
  | 'invalid_move'
  | 'invalid_status'
  | 'invalid_input'
  | 'ticket_closed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'throttled'
  | 'conflict'
  | 'forbidden';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found' as const;
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

export class InvalidMoveError extends DomainError {
  readonly code = 'invalid_move' as const;
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMoveError';
  }
}

export class InvalidStatusError extends DomainError {
  readonly code = 'invalid_status' as const;
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStatusError';
  }
}

export class TicketClosedError extends DomainError {
  readonly code = 'ticket_closed' as const;
  constructor(message = 'ticket is closed; reopen it first') {
    super(message);
    this.name = 'TicketClosedError';
  }
}

export class InvalidInputError extends DomainError {
  readonly code = 'invalid_input' as const;
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated' as const;
  constructor(message = 'sign in first') {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

/** The one answer for an unknown email and a wrong password: nothing tells them apart. */
export class InvalidCredentialsError extends DomainError {
  readonly code = 'invalid_credentials' as const;
  constructor() {
    super('invalid email or password');
    this.name = 'InvalidCredentialsError';
  }
}

export class ThrottledError extends DomainError {
  readonly code = 'throttled' as const;
  constructor(readonly retryAfterSeconds: number) {
    super(`too many attempts; retry in ${retryAfterSeconds}s`);
    this.name = 'ThrottledError';
  }
}

export class ConflictError extends DomainError {
  readonly code = 'conflict' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/**
 * The person may see the thing but not do this to it (edit a colleague's comment). Only for
 * things they can see: what they may not see is `NotFoundError`.
 */
export class ForbiddenError extends DomainError {
  readonly code = 'forbidden' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
