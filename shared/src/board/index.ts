/** The board document: layout, fractional ranks, commands, reader and invariants. */
export {
  BOARD_SCHEMA_VERSION,
  DESCRIPTION_MAX_LENGTH,
  MAX_ASSIGNEES,
  META_MAP,
  OPTIONAL_TICKET_FIELDS,
  SUMMARY_MAX_LENGTH,
  TEXT_FIELDS,
  TEXT_MAX_LENGTH,
  TICKETS_MAP,
  TICKET_FIELDS,
  TITLE_MAX_LENGTH,
  type Position,
  type TextField,
  type TicketField,
  initBoard,
} from './layout.js';
export {
  RANK_DIGITS,
  RANK_SUFFIX_LENGTH,
  RANK_TERMINATOR,
  compareRanks,
  isRankOf,
  isWellFormedRank,
  rankBetween,
} from './fractionalIndex.js';
export * from './ticket.js';
export {
  type Board,
  type BoardViolation,
  type ScanOptions,
  type TicketEntryResult,
  compareInStage,
  compareTickets,
  readBoard,
  readTicket,
  readTicketEntry,
} from './readBoard.js';
export { checkBoardInvariants, inspectBoard, touchedTickets, validateBoard, validateTickets } from './invariants.js';
export * from './createTicket.js';
export * from './moveTicket.js';
export * from './setStatus.js';
export * from './assignTicket.js';
export * from './setDueDate.js';
export * from './editText.js';
export * from './setSteps.js';
export * from './archiveTicket.js';
export * from './setTicketNumber.js';
export * from './setTicketDetails.js';
export * from './ticketText.js';
export * from './firstCards.js';
