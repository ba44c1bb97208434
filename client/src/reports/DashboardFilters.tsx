import { For, type JSX } from 'solid-js';
import type { AgencyDashboard, DashboardFilters as Filters } from '../data/reports';
import { useI18n } from '../i18n/locale';

/** The dashboard's period (the default one shown when none is asked) and filters; every change is applied at once. */
export default function DashboardFilters(props: {
  readonly filters: Filters;
  readonly names: AgencyDashboard['names'] | undefined;
  /** The period shown (the server's default when the address names none). */
  readonly period: { readonly from: string; readonly to: string } | undefined;
  readonly onChange: (next: Filters) => void;
}): JSX.Element {
  const i18n = useI18n();
  const set = (patch: Partial<Filters>) => {
    const next: Record<string, string | undefined> = { ...props.filters, ...patch };
    for (const key of Object.keys(next)) if (!next[key]) delete next[key];
    props.onChange(next as Filters);
  };
  const setPeriod = (field: 'from' | 'to', value: string) => {
    const from = field === 'from' ? value : (props.filters.from ?? props.period?.from ?? '');
    const to = field === 'to' ? value : (props.filters.to ?? props.period?.to ?? '');
    if (from && to) set({ from, to });
  };
  const options = (list: readonly { id?: string; slug?: string; name: string }[] | undefined) =>
    [...(list ?? [])].sort((a, b) => a.name.localeCompare(b.name, i18n.locale()));

  return (
    <form class="dashboard-filters" aria-label={i18n.t('reports.filters')} onSubmit={(e) => e.preventDefault()}>
      <label>
        {i18n.t('reports.from')}
        <input type="date" value={props.filters.from ?? props.period?.from ?? ''} onChange={(e) => setPeriod('from', e.currentTarget.value)} />
      </label>
      <label>
        {i18n.t('reports.to')}
        <input type="date" value={props.filters.to ?? props.period?.to ?? ''} onChange={(e) => setPeriod('to', e.currentTarget.value)} />
      </label>
      <label>
        {i18n.t('reports.board')}
        <select onChange={(e) => set({ boardId: e.currentTarget.value })}>
          <option value="">{i18n.t('reports.all')}</option>
          <For each={options(props.names?.boards)}>{(b) => <option value={b.id} selected={props.filters.boardId === b.id}>{b.name}</option>}</For>
        </select>
      </label>
      <label>
        {i18n.t('reports.manager')}
        <select onChange={(e) => set({ managerId: e.currentTarget.value })}>
          <option value="">{i18n.t('reports.all')}</option>
          <For each={options(props.names?.managers)}>{(m) => <option value={m.id} selected={props.filters.managerId === m.id}>{m.name}</option>}</For>
          <option value="none" selected={props.filters.managerId === 'none'}>{i18n.t('reports.noManager')}</option>
        </select>
      </label>
      <label>
        {i18n.t('reports.client')}
        <select onChange={(e) => set({ clientId: e.currentTarget.value })}>
          <option value="">{i18n.t('reports.all')}</option>
          <For each={options(props.names?.clients)}>{(c) => <option value={c.id} selected={props.filters.clientId === c.id}>{c.name}</option>}</For>
          <option value="none" selected={props.filters.clientId === 'none'}>{i18n.t('reports.noClient')}</option>
        </select>
      </label>
      <label>
        {i18n.t('reports.kind')}
        <select onChange={(e) => set({ kind: e.currentTarget.value })}>
          <option value="">{i18n.t('reports.all')}</option>
          <For each={options(props.names?.kinds)}>{(k) => <option value={k.slug} selected={props.filters.kind === k.slug}>{k.name}</option>}</For>
          <option value="none" selected={props.filters.kind === 'none'}>{i18n.t('reports.noKind')}</option>
        </select>
      </label>
    </form>
  );
}
