/**
 * An emailed answer to an approval request: the client writes the keyword on the first line —
 * APROVADO / APPROVED / ОДОБРЕНО to approve, AJUSTES / CHANGES / ПРАВКИ to ask for changes —
 * and, after it, anything else they want to say (the note).
 *
 * Read loosely where people vary (case, accents, punctuation, "Aprovado!", "ok, aprovado",
 * "aprovo", "alterações") and strictly where it matters: only the first non-empty line counts,
 * and a line that merely mentions the word later ("não está aprovado") decides nothing.
 */
import type { ApprovalOutcome } from '@fluxo/shared/approvals/approval';

const APPROVE = ['aprovado', 'aprovada', 'aprovo', 'aprovamos', 'approved', 'approve', 'одобрено', 'одобряю', 'согласовано', 'согласую'];
const CHANGES = ['ajustes', 'ajuste', 'alteracoes', 'alteracao', 'mudancas', 'changes', 'правки', 'изменения'];
const LEADING_OK = ['ok', 'sim', 'yes', 'да'];

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export interface EmailedDecision {
  readonly outcome: ApprovalOutcome;
  readonly note: string;
}

export function readEmailedDecision(body: string): EmailedDecision | null {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first < 0) return null;
  const line = lines[first] as string;
  const words = fold(line).split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  let index = 0;
  while (index < words.length - 1 && LEADING_OK.includes(words[index] as string)) index++;
  const word = words[index];
  if (word === undefined) return null;
  const outcome: ApprovalOutcome | null = APPROVE.includes(word) ? 'approved' : CHANGES.includes(word) ? 'changes_requested' : null;
  if (outcome === null) return null;
  // The note: what follows the keyword on its line, then the rest of the message.
  const keywordEnd = afterWord(line, index);
  const rest = [line.slice(keywordEnd).replace(/^[\s:;,.!—–-]+/u, ''), ...lines.slice(first + 1)].join('\n').trim();
  return { outcome, note: rest };
}

/** The offset in `line` just past its `index`-th word (words as `readEmailedDecision` splits them). */
function afterWord(line: string, index: number): number {
  const pattern = /[\p{L}\p{N}\p{M}]+/gu;
  let match: RegExpExecArray | null;
  let seen = -1;
  while ((match = pattern.exec(line)) !== null) {
    seen++;
    if (seen === index) return match.index + match[0].length;
  }
  return line.length;
}
