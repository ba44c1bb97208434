/* Entry point of the client timeline (share.html): the page, its own tRPC client, its language. */
import '../zodWithoutEval';
import { render } from 'solid-js/web';
import { I18nContext, createI18n } from '../i18n/locale';
import SharePage from './SharePage';
import SatisfactionPage, { surveyTokenFromPath } from './SatisfactionPage';
import { createShareClient, tokenFromPath } from './shareClient';

const root = document.getElementById('root');
if (!root) throw new Error('share.html has no #root');

const client = createShareClient();
const token = tokenFromPath(window.location.pathname);
// `/avaliacao/<token>`: a satisfaction survey's rating page (issue 8), in this same bundle.
const rating = window.location.pathname.startsWith('/avaliacao/');

render(() => {
  // The browser's languages, or what was chosen on this page; pt-BR otherwise.
  const i18n = createI18n();
  return (
    <I18nContext.Provider value={i18n}>
      {rating ? <SatisfactionPage client={client} token={surveyTokenFromPath(window.location.pathname)} /> : <SharePage client={client} token={token} />}
    </I18nContext.Provider>
  );
}, root);
