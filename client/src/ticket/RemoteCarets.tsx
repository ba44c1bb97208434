import { For, type JSX } from 'solid-js';

/** Someone else's selection in a text field, as indexes into the text this replica shows. */
export interface RemoteCaret {
  readonly clientId: number;
  readonly name: string;
  readonly color: string;
  readonly anchor: number;
  readonly head: number;
}

type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'selected'; text: string; color: string }
  | { kind: 'caret'; name: string; color: string };

/**
 * Cut the text at every selection edge and caret: plain runs, runs inside someone's selection
 * (the first one covering it wins), and zero-width carets at each head.
 */
export function caretPieces(text: string, carets: readonly RemoteCaret[]): Piece[] {
  const clamp = (i: number): number => Math.min(Math.max(0, i), text.length);
  const spans = carets.map((c) => ({
    ...c,
    start: clamp(Math.min(c.anchor, c.head)),
    end: clamp(Math.max(c.anchor, c.head)),
    at: clamp(c.head),
  }));
  const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.start, s.end, s.at])])].sort((a, b) => a - b);
  const pieces: Piece[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const from = cuts[i] as number;
    for (const span of spans) if (span.at === from) pieces.push({ kind: 'caret', name: span.name, color: span.color });
    const to = cuts[i + 1];
    if (to === undefined || to === from) continue;
    const run = text.slice(from, to);
    const cover = spans.find((s) => s.start <= from && to <= s.end && s.start < s.end);
    pieces.push(cover ? { kind: 'selected', text: run, color: cover.color } : { kind: 'text', text: run });
  }
  return pieces;
}

/**
 * Other people's carets and selections drawn over a text box: a mirror of the box (same font,
 * padding and wrapping, transparent text) laid on top of it, scrolled with it, with a coloured
 * bar and name at each caret. Decorative: screen readers get "Paulo is editing" from the label.
 */
export default function RemoteCarets(props: {
  text: string;
  carets: readonly RemoteCaret[];
  multiline: boolean;
  scrollTop: number;
  scrollLeft: number;
}): JSX.Element {
  const pieces = () => caretPieces(props.text, props.carets);
  return (
    <div class="remote-carets" classList={{ 'remote-carets--single': !props.multiline }} aria-hidden="true">
      <div
        class="remote-carets__content"
        style={{ transform: `translate(${-props.scrollLeft}px, ${-props.scrollTop}px)` }}
      >
        <For each={pieces()}>
          {(piece) => {
            if (piece.kind === 'text') return <span>{piece.text}</span>;
            if (piece.kind === 'selected') {
              return (
                <span class="remote-carets__selection" style={{ 'background-color': `${piece.color}33` }}>
                  {piece.text}
                </span>
              );
            }
            return (
              <span class="remote-carets__caret" style={{ 'border-color': piece.color }}>
                <span class="remote-carets__name" style={{ 'background-color': piece.color }}>
                  {piece.name}
                </span>
              </span>
            );
          }}
        </For>
        {'\u200b'}
      </div>
    </div>
  );
}
