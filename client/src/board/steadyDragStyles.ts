/**
 * The drag library's feedback styles, kept in the page for as long as the board is, instead of
 * inserted when a drag starts and removed when it ends.
 *
 * `@dnd-kit/dom`'s `Feedback` plugin (the dragged card lifted into the top layer, its placeholder
 * left in the list) registers its stylesheet with the `StyleInjector`, which prepends a `<style>`
 * to `<head>` at every pick-up and removes it at every drop. That stylesheet declares a cascade
 * layer (`@layer dnd-kit`), and Chromium answers a stylesheet (and layer order) change by
 * recomputing the style of the whole page and laying all of it out again: on the 10,000-ticket
 * board that was a full-document style recalc and layout in both the pick-up and the drop frame
 * (bench/src/browser/CONTEXT.md). The rules only match elements the drag library marks
 * (`[data-dnd-dragging]`, `[data-dnd-placeholder]`, `[data-dnd-overlay]`), so having them in the
 * page between drags changes nothing on screen.
 *
 * `SteadyFeedback` is `Feedback` whose style registration goes to one `<style>` element added when
 * the drag-and-drop context is created and removed when it is destroyed. Everything else (the
 * placeholder, the top layer, the drop animation option) is the library's own.
 */
import { type DragDropManager, Feedback, type FeedbackOptions, StyleInjector } from '@dnd-kit/dom';

/** Marks the `<style>` element this module keeps (tests and DevTools find it by this attribute). */
export const STEADY_STYLE_ATTRIBUTE = 'data-fluxo-drag-styles';

export class SteadyFeedback extends Feedback {
  static override configure = (options: FeedbackOptions) => ({ plugin: SteadyFeedback, options });

  /** Assigned after `super()`: the base constructor runs before any field initializer. */
  readonly #styles: HTMLStyleElement[];

  constructor(manager: DragDropManager, options?: FeedbackOptions) {
    const injector = manager.registry.plugins.get(StyleInjector);
    const captured: string[] = [];
    const register = injector?.register;
    if (injector !== undefined) {
      // Only for the base constructor's own registration; restored right after.
      injector.register = (cssRules: string) => {
        captured.push(cssRules);
        return () => undefined;
      };
    }
    try {
      super(manager, options);
    } finally {
      if (injector !== undefined && register !== undefined) injector.register = register;
    }
    this.#styles = [];
    if (typeof document === 'undefined') return;
    for (const cssRules of captured) {
      const style = document.createElement('style');
      style.setAttribute(STEADY_STYLE_ATTRIBUTE, '');
      style.textContent = cssRules;
      // First in <head>, as the library puts it: its `@layer` comes before any other layer.
      document.head.prepend(style);
      this.#styles.push(style);
    }
  }

  override destroy(): void {
    for (const style of this.#styles.splice(0)) style.remove();
    super.destroy();
  }
}
