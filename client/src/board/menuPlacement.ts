/**
 * Where a card's "Mover…" menu opens. The menu is `position: fixed` (so no column clips it) and
 * closes on any scroll outside it, so it must open fully inside the viewport: a person cannot
 * scroll to an item that hangs below the window's edge. Under its button, right-aligned with it,
 * when it fits; above the button when it does not fit below and there is more room above (a card
 * near the bottom of the screen); if neither side holds it all, on the roomier side with a
 * `maxHeight`, scrolling inside itself.
 */

export interface MenuAnchor {
  readonly top: number;
  readonly bottom: number;
  readonly right: number;
}

export interface MenuPlace {
  readonly top: number;
  readonly left: number;
  /** The most the menu may be tall there; beyond it the menu scrolls. */
  readonly maxHeight: number;
}

/** Between the button and the menu. */
export const MENU_GAP = 4;
/** Kept free between the menu and the viewport's edges. */
export const MENU_MARGIN = 8;

export function placeMenu(
  anchor: MenuAnchor,
  menu: { readonly width: number; readonly height: number },
  viewport: { readonly width: number; readonly height: number },
): MenuPlace {
  const left = Math.max(MENU_MARGIN, Math.min(anchor.right - menu.width, viewport.width - menu.width - MENU_MARGIN));
  const below = Math.max(0, viewport.height - anchor.bottom - MENU_GAP - MENU_MARGIN);
  const above = Math.max(0, anchor.top - MENU_GAP - MENU_MARGIN);
  if (menu.height <= below || below >= above) return { top: anchor.bottom + MENU_GAP, left, maxHeight: below };
  const height = Math.min(menu.height, above);
  return { top: anchor.top - MENU_GAP - height, left, maxHeight: above };
}
