/**
 * The looks check of one open screen: at each width and in each theme, the page and its list rows
 * are no wider than the window, and axe finds no violation of any impact. The page is resized and
 * its colour scheme switched in place (one load per screen keeps the suite quick).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { overflowing } from './looks.ts';

export const widths = [320, 390, 1280, 1920];
export const schemes = ['light', 'dark'] as const;

/** Lets the layout settle after a resize: media queries, resize observers, one paint. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
}

/**
 * What is wrong with the screen as it is now, at every width and theme (empty when nothing); axe
 * looks only inside `scope` when given (a selector).
 */
export async function lookFindings(page: Page, name: string, scope?: string): Promise<string[]> {
  const found: string[] = [];
  const started = Date.now();
  // Axe runs in the page alone (below): a frame would go unchecked, so none may be there.
  if (page.frames().length > 1) found.push(`${name}: has a frame the check would not see`);
  for (const scheme of schemes) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    for (const width of widths) {
      await page.setViewportSize({ width, height: width < 700 ? 780 : 900 });
      await settle(page);
      const where = `${name} at ${width} px, ${scheme}`;
      for (const wide of await overflowing(page)) found.push(`${where}: wider: ${wide}`);
      // Violations only: axe skips collecting every passing node, which is most of its time.
      // A modal dialog is checked on its own (the page behind it is inert, and checked as a screen).
      // The apps have no frames: axe.run in the page, not a blank page opened per check to merge
      // frame results (which doubles the time of each of these ~300 checks).
      const builder = new AxeBuilder({ page }).setLegacyMode();
      if (scope) builder.include(scope);
      const axe = await builder.options({ resultTypes: ['violations'] }).analyze();
      for (const v of axe.violations)
        found.push(
          `${where}: ${v.id} (${v.impact}): ${v.nodes
            .map(
              (n) =>
                `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)}]` : ''}`,
            )
            .join(', ')}`,
        );
    }
  }
  if (process.env.LOOKS_TIMING) console.log(`${name}: ${Date.now() - started} ms`);
  return found;
}
