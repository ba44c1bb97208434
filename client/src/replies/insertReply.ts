/**
 * Where a canned reply goes in a draft: at the caret, replacing nothing. A reply is a block of
 * paragraphs (body, blank line, signature), so it is set apart from text on either side by a
 * blank line; a selection is kept and the reply goes after it. The caret ends after the reply.
 */
export function insertReply(text: string, selectionStart: number, selectionEnd: number, reply: string): { text: string; caret: number } {
  const at = Math.max(0, Math.min(text.length, Math.max(selectionStart, selectionEnd)));
  const before = text.slice(0, at);
  const after = text.slice(at);
  const prefix = before.trim() === '' ? '' : before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const suffix = after.trim() === '' ? '' : after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  const head = before + prefix + reply;
  return { text: head + suffix + after, caret: head.length };
}
