/**
 * Keeps Tab inside a modal dialog. `showModal()` makes the page behind it inert, but Tab from the
 * last control still leaves the document (to the browser's own toolbar), so a keyboard user
 * loses the dialog; here Tab from the last control wraps to the first, Shift+Tab the other way.
 */
const focusableSelector = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** The controls of `root` a Tab can reach, in order (hidden ones left out). */
export function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(focusableSelector)].filter(
    (el) => el.getClientRects().length > 0,
  );
}

/** A keydown handler for the dialog: wraps Tab at either end. */
export function trapTab(event: KeyboardEvent, root: HTMLElement): void {
  if (event.key !== 'Tab') return;
  const list = focusables(root);
  const first = list[0];
  const last = list.at(-1);
  if (!first || !last) return;
  const active = root.ownerDocument.activeElement;
  if (event.shiftKey && (active === first || !root.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !root.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}
