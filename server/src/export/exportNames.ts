/**
 * What the CSV exports need to name things instead of printing ids: people, clients, boards and
 * ticket kinds of the agency, and the reader's language and time zone.
 */
import type { Locale } from '@fluxo/shared/i18n/translate';

export interface ExportNames {
  readonly locale: Locale;
  /** The agency's business-calendar zone; every date-time is written in it. */
  readonly timeZone: string;
  readonly users: ReadonlyMap<string, string>;
  readonly clients: ReadonlyMap<string, string>;
  /** Ticket kind slug → its name in the agency's settings. */
  readonly kinds: ReadonlyMap<string, string>;
}
