import { For, type JSX, Show } from 'solid-js';

export interface FigureRow {
  /** The row's header cell (a week, a stage, a target…). */
  readonly label: string;
  readonly cells: readonly (string | number)[];
}

/** A chart's figures as a table: optional column headers, then one row per label. */
export default function FigureTable(props: { readonly head?: readonly string[]; readonly rows: readonly FigureRow[] }): JSX.Element {
  return (
    <table>
      <Show when={props.head}>
        {(head) => (
          <thead>
            <tr>
              <For each={head()}>{(cell) => <th scope="col">{cell}</th>}</For>
            </tr>
          </thead>
        )}
      </Show>
      <tbody>
        <For each={props.rows}>
          {(row) => (
            <tr>
              <th scope="row">{row.label}</th>
              <For each={row.cells}>{(cell) => <td>{cell}</td>}</For>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
