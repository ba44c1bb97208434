import { For } from 'solid-js';
import { type SearchText, markedRuns } from '../data/search';

/** A search result's text with its matched words in `<mark>`: text nodes only, never markup. */
export default function MarkedText(props: { text: SearchText }) {
  return <For each={markedRuns(props.text)}>{(run) => (run.marked ? <mark>{run.text}</mark> : run.text)}</For>;
}
