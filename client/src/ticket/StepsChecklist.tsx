import { setSteps, toggleStep } from '@fluxo/shared/board/setSteps';
import type { Ticket } from '@fluxo/shared/board/ticket';
import { PRODUCTION_STEPS, type ProductionStep } from '@fluxo/shared/flow/productionSteps';
import type { TransactionOrigin } from '@fluxo/shared/origin';
import { For, Show, createUniqueId } from 'solid-js';
import type * as Y from 'yjs';
import { useI18n } from '../i18n/locale';
import type { RunCommand } from './drawerTypes';

/**
 * The production sub-steps: a checklist of the steps chosen for this ticket (done / not done,
 * `toggleStep`), and, folded away, which steps the ticket needs at all (`setSteps`, keeping the
 * progress of the steps that stay).
 */
export default function StepsChecklist(props: { doc: Y.Doc; origin: TransactionOrigin; ticket: Ticket; run: RunCommand }) {
  const i18n = useI18n();
  const headingId = `ticket-steps-${createUniqueId()}`;
  const progressId = `${headingId}-progress`;
  const chosen = () => new Set(props.ticket.steps.map((s) => s.step));
  const doneCount = () => props.ticket.steps.filter((s) => s.done).length;

  const onDone = (step: ProductionStep, event: Event & { currentTarget: HTMLInputElement }) => {
    const box = event.currentTarget;
    const done = box.checked;
    const ticketId = props.ticket.id;
    if (!props.run(() => toggleStep(props.doc, { ticketId, step, done }, props.origin))) box.checked = !done;
  };

  const onChoose = (step: ProductionStep, event: Event & { currentTarget: HTMLInputElement }) => {
    const box = event.currentTarget;
    const next = new Set(chosen());
    if (box.checked) next.add(step);
    else next.delete(step);
    const ticketId = props.ticket.id;
    if (!props.run(() => setSteps(props.doc, { ticketId, steps: [...next] }, props.origin))) box.checked = !box.checked;
  };

  return (
    <section class="ticket-steps" aria-labelledby={headingId}>
      <h3 id={headingId}>{i18n.t('ticket.steps')}</h3>
      <Show
        when={props.ticket.steps.length > 0}
        fallback={<p class="ticket-section__empty">{i18n.t('drawer.steps.empty')}</p>}
      >
        <p class="ticket-steps__progress" id={progressId}>
          {i18n.t('drawer.steps.progress', { done: doneCount(), total: props.ticket.steps.length })}
        </p>
        <ul class="ticket-steps__list" role="group" aria-labelledby={progressId}>
          <For each={props.ticket.steps}>
            {(item) => (
              <li>
                <label>
                  <input type="checkbox" checked={item.done} onChange={(e) => onDone(item.step, e)} />
                  {i18n.t(`step.${item.step}`)}
                </label>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <details class="ticket-steps__choose">
        <summary>{i18n.t('drawer.steps.choose')}</summary>
        <fieldset>
          <legend>{i18n.t('drawer.steps.choose')}</legend>
          <For each={PRODUCTION_STEPS}>
            {(step) => (
              <label>
                <input type="checkbox" checked={chosen().has(step)} onChange={(e) => onChoose(step, e)} />
                {i18n.t(`step.${step}`)}
              </label>
            )}
          </For>
        </fieldset>
      </details>
    </section>
  );
}
