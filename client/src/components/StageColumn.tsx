import type { Stage } from '@fluxo/shared/flow/stages';
import { holderOf } from '@fluxo/shared/flow/stages';
import { useI18n } from '../i18n/locale';

/**
 * One board column (etapa): a `region` named by its stage label — the accessible contract the
 * browser tests rely on. Empty until the live board fills it with ticket cards.
 */
export default function StageColumn(props: { stage: Stage }) {
  const i18n = useI18n();
  const label = () => i18n.t(`stage.${props.stage}`);
  return (
    <section role="region" aria-label={label()} class="stage-column" data-stage={props.stage}>
      <header class="stage-column__header">
        <h2>{label()}</h2>
        <span class="stage-column__holder">{i18n.t(`holder.${holderOf(props.stage)}`)}</span>
      </header>
      <p class="stage-column__empty">{i18n.t('board.column.empty')}</p>
    </section>
  );
}
