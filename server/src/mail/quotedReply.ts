/**
 * The new part of an emailed reply: what the client wrote above the quoted conversation.
 *
 * Mail clients quote the message being answered below an attribution line ("Em 10/03/2025,
 * Ana escreveu:", "On Mon, … wrote:", "10 марта 2025 г., Анна написал(а):"), an Outlook
 * header block ("-----Original Message-----", "De: … Enviado: …"), or lines starting with `>`.
 * A signature starts at "-- " (RFC 3676) or a mobile footer ("Enviado do meu iPhone").
 * Everything from the first such marker on is dropped; what is left is trimmed.
 *
 * Invariant: the result is a prefix of the text's lines (never a rewrite of what the client
 * wrote), and when stripping would leave nothing (a reply that is *only* quoted text, or a
 * marker on the first line), the trimmed original is kept — losing what a client sent is
 * worse than showing a quote.
 */

/** "On …, … wrote:", in the languages agencies and their clients write in. */
const ATTRIBUTION_PATTERNS: readonly RegExp[] = [
  /^(on|em|el|le|am)\s.{0,200}\s(wrote|escreveu|escribió|a écrit|schrieb)\s*:?\s*$/iu,
  /^.{0,200}\s(wrote|escreveu|написал\(а\)|написала|написал|пишет)\s*:\s*$/iu,
  /^-{2,}\s*(original message|mensagem original|исходное сообщение|forwarded message|mensagem encaminhada)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
];

/** The first line of an Outlook-style header block: "De: …" / "From: …" / "От: …". */
const HEADER_BLOCK_START = /^\*?(from|de|от)\s*:\*?\s+\S/i;
/** A following line of that block. */
const HEADER_BLOCK_FOLLOW = /^\*?(sent|enviado|enviada|date|data|отправлено|дата|to|para|кому|subject|assunto|тема)\s*:/i;

const SIGNATURE_PATTERNS: readonly RegExp[] = [
  /^-- ?$/,
  /^(sent from my|enviado do meu|enviado de meu|enviado pelo|отправлено с)(\s|$)/iu,
];

/** Some clients wrap a long attribution over two lines: "Em seg., 10 de mar. de 2025 às 10:00,\nAna <…> escreveu:". */
function isWrappedAttribution(line: string, next: string | undefined): boolean {
  if (next === undefined) return false;
  return /^(on|em|el|le|am)\s/i.test(line) && /(^|\s)(wrote|escreveu|escribió|a écrit|schrieb)\s*:\s*$/iu.test(next);
}

function isHeaderBlock(lines: readonly string[], index: number): boolean {
  const line = lines[index]?.trim() ?? '';
  if (!HEADER_BLOCK_START.test(line)) return false;
  const next = lines[index + 1]?.trim() ?? '';
  return HEADER_BLOCK_FOLLOW.test(next);
}

/** The index of the first line that starts the quoted part (or the signature), or `-1`. */
function quoteStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.trim();
    if (line.startsWith('>')) return i;
    if (ATTRIBUTION_PATTERNS.some((p) => p.test(line))) return i;
    if (isWrappedAttribution(line, lines[i + 1]?.trim())) return i;
    if (isHeaderBlock(lines, i)) return i;
    if (SIGNATURE_PATTERNS.some((p) => p.test(raw.trimEnd()))) return i;
  }
  return -1;
}

export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const start = quoteStart(lines);
  const whole = lines.join('\n').trim();
  if (start < 0) return whole;
  const fresh = lines.slice(0, start).join('\n').trim();
  return fresh === '' ? whole : fresh;
}
