/** Who wrote a comment (or a version of it), as the conversation names them. */
import type { CommentAuthorView } from '@fluxo/shared/conversation/comment';
import type { I18n } from '../i18n/locale';

export function commentAuthorName(i18n: I18n, author: CommentAuthorView): string {
  switch (author.kind) {
    case 'staff':
      return author.name ?? i18n.t('comments.author.unknown');
    case 'client':
      return author.name ?? author.email;
    case 'system':
      return i18n.t('comments.author.system');
  }
}
