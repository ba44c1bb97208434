import { A } from '@solidjs/router';
import { useI18n } from '../i18n/locale';

export default function NotFoundPage() {
  const i18n = useI18n();
  return (
    <div class="page">
      <h1 class="page__title">{i18n.t('error.notFound')}</h1>
      <A href="/boards" class="back-link">
        ← {i18n.t('boards.back')}
      </A>
    </div>
  );
}
