import { describe, expect, it } from 'vitest';
import { MENU_GAP, MENU_MARGIN, placeMenu } from './menuPlacement';

const viewport = { width: 1600, height: 900 };
const menu = { width: 288, height: 200 };
/** A "Mover…" button 30 px tall whose top edge is at `top`, right edge at 1400. */
const button = (top: number) => ({ top, bottom: top + 30, right: 1400 });

describe('placeMenu', () => {
  it('opens under the button, right-aligned with it, when the menu fits there', () => {
    expect(placeMenu(button(300), menu, viewport)).toEqual({
      top: 330 + MENU_GAP,
      left: 1400 - 288,
      maxHeight: 900 - 330 - MENU_GAP - MENU_MARGIN,
    });
  });

  it('opens above a button near the bottom of the window, ending just over it', () => {
    // 900 - 830 leaves 58 px below: the menu would hang off the screen, out of reach.
    const place = placeMenu(button(800), menu, viewport);
    expect(place.top + menu.height).toBe(800 - MENU_GAP);
    expect(place.top).toBeGreaterThanOrEqual(MENU_MARGIN);
  });

  it('stays inside the window horizontally', () => {
    expect(placeMenu({ top: 300, bottom: 330, right: 100 }, menu, viewport).left).toBe(MENU_MARGIN);
    expect(placeMenu({ top: 300, bottom: 330, right: 1700 }, menu, viewport).left).toBe(1600 - 288 - MENU_MARGIN);
  });

  it('takes the roomier side and scrolls when neither side holds the whole menu', () => {
    const tall = { width: 288, height: 600 };
    const small = { width: 1600, height: 500 };
    const low = placeMenu(button(400), tall, small);
    expect(low).toEqual({ top: MENU_MARGIN, left: 1400 - 288, maxHeight: 400 - MENU_GAP - MENU_MARGIN });
    const high = placeMenu(button(50), tall, small);
    expect(high).toEqual({ top: 80 + MENU_GAP, left: 1400 - 288, maxHeight: 500 - 80 - MENU_GAP - MENU_MARGIN });
  });
});
