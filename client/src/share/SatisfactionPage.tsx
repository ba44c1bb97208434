import { type PublicSurvey, publicSurveySchema } from '@fluxo/shared/satisfaction/satisfaction';
import { Match, Switch, createEffect, createResource } from 'solid-js';
import { describeRequestError } from '../data/requestError';
import { useI18n } from '../i18n/locale';
import SatisfactionForm, { type SendRating } from './SatisfactionForm';
import ShareLocaleSelect from './ShareLocaleSelect';
import type { ShareClient } from './shareClient';
import './share.css';

type Loaded = { readonly kind: 'survey'; readonly survey: PublicSurvey } | { readonly kind: 'invalid' | 'throttled' | 'failed' };

/** The token in `/avaliacao/<token>`, or `null` when the path has none. */
export function surveyTokenFromPath(pathname: string): string | null {
  const match = /^\/avaliacao\/([A-Za-z0-9_-]+)\/?$/.exec(pathname);
  return match?.[1] ?? null;
}

/**
 * The rating page of a satisfaction survey (`/avaliacao/<token>`, the link of the "Como foi a
 * entrega?" email; issue 8). Opening it only reads (`satisfaction.survey`): mail scanners that
 * follow the link record nothing. The client picks 1–5, may write a comment, and sends
 * (`satisfaction.answer`); they may come back and change it. An unknown or malformed link shows
 * one "not valid" message; too many requests say to wait.
 */
export default function SatisfactionPage(props: { client: ShareClient; token: string | null }) {
  const i18n = useI18n();
  const [loaded] = createResource(
    () => props.token,
    async (token): Promise<Loaded> => {
      try {
        const parsed = publicSurveySchema.safeParse(await props.client.satisfaction.survey.query({ token }));
        return parsed.success ? { kind: 'survey', survey: parsed.data } : { kind: 'failed' };
      } catch (error) {
        const problem = describeRequestError(error).kind;
        return { kind: problem === 'not_found' ? 'invalid' : problem === 'throttled' ? 'throttled' : 'failed' };
      }
    },
  );
  const state = (): Loaded | null => (props.token === null ? { kind: 'invalid' } : (loaded() ?? null));
  const survey = () => {
    const current = state();
    return current?.kind === 'survey' ? current.survey : null;
  };

  createEffect(() => {
    document.title = i18n.t('satisfaction.page.title');
  });

  const send: SendRating = async (rating, comment) => {
    if (props.token === null) throw new Error('no link');
    return (await props.client.satisfaction.answer.mutate({ token: props.token, rating, comment })).answer;
  };

  const lead = (shown: PublicSurvey) => {
    const title = shown.title.trim();
    return shown.ticketNumber === null
      ? i18n.t('satisfaction.page.leadUnnumbered', { agency: shown.agencyName, title })
      : i18n.t('satisfaction.page.lead', { agency: shown.agencyName, number: shown.ticketNumber, title });
  };

  return (
    <div class="share-page">
      <header class="share-header">
        <div>
          <h1>{i18n.t('satisfaction.heading')}</h1>
        </div>
        <div class="share-header__side">
          <ShareLocaleSelect />
        </div>
      </header>
      <main class="share-main">
        <Switch fallback={<p class="share-notice" role="status">{i18n.t('satisfaction.page.loading')}</p>}>
          <Match when={state()?.kind === 'invalid'}>
            <section class="share-invalid" role="alert">
              <p>{i18n.t('satisfaction.page.invalid')}</p>
            </section>
          </Match>
          <Match when={state()?.kind === 'throttled'}>
            <p class="share-notice share-notice--problem">{i18n.t('satisfaction.page.throttled')}</p>
          </Match>
          <Match when={state()?.kind === 'failed'}>
            <p class="share-notice share-notice--problem">{i18n.t('satisfaction.page.failed')}</p>
          </Match>
          <Match when={survey()}>
            {(shown) => (
              <section class="share-satisfaction">
                <p>{lead(shown())}</p>
                <SatisfactionForm answer={shown().answer} send={send} />
              </section>
            )}
          </Match>
        </Switch>
      </main>
    </div>
  );
}
