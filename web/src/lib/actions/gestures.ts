/**
 * Touch gestures on a bubble (a Svelte attachment): a long press opens the message menu, a swipe
 * towards the inline end (right in a left-to-right language) answers it. The mouse has the
 * right click and the keyboard the "more" button, so only touch pointers count here.
 */
import type { Attachment } from 'svelte/attachments';

const longPressMs = 500;
const swipePx = 64;
const slopPx = 10;

export function gestures(on: { long: () => void; swipe: () => void }): Attachment<HTMLElement> {
  return (node) => {
    let start: { x: number; y: number; id: number } | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cancel = () => {
      clearTimeout(timer);
      start = null;
      node.style.translate = '';
    };
    const down = (event: PointerEvent) => {
      if (event.pointerType !== 'touch') return;
      start = { x: event.clientX, y: event.clientY, id: event.pointerId };
      timer = setTimeout(() => {
        cancel();
        on.long();
      }, longPressMs);
    };
    const move = (event: PointerEvent) => {
      if (!start || event.pointerId !== start.id) return;
      const rtl = getComputedStyle(node).direction === 'rtl';
      const dx = (event.clientX - start.x) * (rtl ? -1 : 1);
      if (Math.abs(dx) > slopPx || Math.abs(event.clientY - start.y) > slopPx) clearTimeout(timer);
      if (Math.abs(event.clientY - start.y) > swipePx) return cancel();
      node.style.translate = dx > 0 ? `${Math.min(dx, swipePx) * (rtl ? -1 : 1)}px 0` : '';
      if (dx >= swipePx) {
        cancel();
        on.swipe();
      }
    };
    node.addEventListener('pointerdown', down);
    node.addEventListener('pointermove', move);
    for (const end of ['pointerup', 'pointercancel', 'pointerleave'] as const)
      node.addEventListener(end, cancel);
    return () => {
      cancel();
      node.removeEventListener('pointerdown', down);
      node.removeEventListener('pointermove', move);
      for (const end of ['pointerup', 'pointercancel', 'pointerleave'] as const)
        node.removeEventListener(end, cancel);
    };
  };
}
