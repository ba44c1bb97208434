import type { UserId } from '@fluxo/shared/ids';
import { renderCommentHtml } from '@fluxo/shared/conversation/renderCommentHtml';
import { createMemo } from 'solid-js';

/**
 * A comment body as HTML. **The only place the conversation sets `innerHTML`**, and only with
 * `renderCommentHtml` (shared/src/conversation/renderCommentHtml.ts): it escapes every piece of
 * the person's text and writes nothing but its fixed allow-list of tags, with links limited to
 * http, https and mailto. Nothing else in the client renders a person's words as HTML.
 */
export default function CommentBody(props: { body: string; mentionName: (id: UserId) => string | null | undefined }) {
  const html = createMemo(() => renderCommentHtml(props.body, { mentionName: props.mentionName }));
  return <div class="comment-body" innerHTML={html()} />;
}
