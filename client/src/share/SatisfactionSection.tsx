import type { ShareSurvey } from '@fluxo/shared/satisfaction/satisfaction';
import { createUniqueId } from 'solid-js';
import { useI18n } from '../i18n/locale';
import SatisfactionForm from './SatisfactionForm';
import type { ShareSurveys } from './satisfactionSurveys';

/**
 * "Como foi a entrega?" under a delivered ticket of the timeline that has a survey (issue 8): the
 * rating form (`share.rate`) with a respond link, only the answer with a watch-only one.
 */
export default function SatisfactionSection(props: { survey: ShareSurvey; rate: ShareSurveys['rate'] | null }) {
  const i18n = useI18n();
  const headingId = createUniqueId();
  const send = () => {
    const rate = props.rate;
    return rate === null ? null : (rating: number, comment: string | null) => rate(props.survey.ticketId, rating, comment);
  };
  return (
    <section class="share-satisfaction" aria-labelledby={headingId}>
      <h3 id={headingId}>{i18n.t('satisfaction.heading')}</h3>
      <SatisfactionForm answer={props.survey.answer} send={send()} />
    </section>
  );
}
