/**
 * The share page's report (`share.report`, issue 8): which period the address asks for, and
 * the request itself, checked against the shared schema like the timeline is — a report that
 * does not match it is not shown rather than half-shown.
 *
 * The address of a report page is `/share/<token>?relatorio=1&de=YYYY-MM-DD&ate=YYYY-MM-DD`
 * (`ate` is the last day shown, included; the emailed report links here).
 */
import { type ClientReport, calendarDaySchema, clientReportSchema, shiftDay } from '@fluxo/shared/reports/clientReport';
import type { ShareClient } from './shareClient';

export interface ReportAddress {
  readonly open: boolean;
  /** First and last day shown (both included), when the address names them. */
  readonly from: string | null;
  readonly last: string | null;
}

export function reportAddress(search: string): ReportAddress {
  const params = new URLSearchParams(search);
  const day = (name: string) => {
    const value = params.get(name);
    return value !== null && calendarDaySchema.safeParse(value).success ? value : null;
  };
  const from = day('de');
  const last = day('ate');
  return { open: params.get('relatorio') === '1', from: from !== null && last !== null ? from : null, last: from !== null && last !== null ? last : null };
}

/** The report of `[from, last]` (or the server's default period when none is given). */
export async function fetchShareReport(client: ShareClient, token: string, days: { from: string; last: string } | null): Promise<ClientReport> {
  const input = days === null ? { token } : { token, from: days.from, to: shiftDay(days.last, 1) };
  return clientReportSchema.parse(await client.share.report.query(input));
}
