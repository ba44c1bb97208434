import { DragDropManager, Feedback, StyleInjector } from '@dnd-kit/dom';
import { afterEach, describe, expect, it } from 'vitest';
import { STEADY_STYLE_ATTRIBUTE, SteadyFeedback } from './steadyDragStyles';

const dragRulesIn = (root: ParentNode): HTMLStyleElement[] =>
  [...root.querySelectorAll('style')].filter((style) => style.textContent?.includes('[data-dnd-dragging]'));

describe('SteadyFeedback', () => {
  let manager: DragDropManager | null = null;
  afterEach(() => {
    manager?.destroy();
    manager = null;
    document.head.replaceChildren();
  });

  it('puts the drag feedback stylesheet in the page when the context is created, before any drag', () => {
    manager = new DragDropManager({ plugins: [SteadyFeedback.configure({ dropAnimation: null })], sensors: [] });
    const styles = dragRulesIn(document.head);
    expect(styles).toHaveLength(1);
    expect(styles[0]?.hasAttribute(STEADY_STYLE_ATTRIBUTE)).toBe(true);
    // First in <head>, where the library itself would put it (its cascade layer comes first).
    expect(document.head.firstElementChild).toBe(styles[0]);
    expect(manager.registry.plugins.get(SteadyFeedback)).toBeInstanceOf(Feedback);
  });

  it('leaves the style injector working for other plugins', () => {
    manager = new DragDropManager({ plugins: [SteadyFeedback], sensors: [] });
    const injector = manager.registry.plugins.get(StyleInjector);
    expect(injector?.register).toBe(StyleInjector.prototype.register);
  });

  it('removes its stylesheet when the context is destroyed', () => {
    manager = new DragDropManager({ plugins: [SteadyFeedback], sensors: [] });
    manager.destroy();
    manager = null;
    expect(dragRulesIn(document.head)).toHaveLength(0);
  });

  it('differs from the stock plugin, which injects nothing until a drag starts', () => {
    manager = new DragDropManager({ plugins: [Feedback], sensors: [] });
    expect(dragRulesIn(document.head)).toHaveLength(0);
  });
});
