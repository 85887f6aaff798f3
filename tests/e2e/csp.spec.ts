/**
 * The app under its Content-Security-Policy (issue 14): every screen of the personal app, Souk
 * Business and the console opens without a single violation. Violations are heard twice: the
 * page's own `securitypolicyviolation` events (recorded from before any script runs) and the
 * browser's console errors about the policy (eval, inline script, a blocked fetch or image).
 */
import { expect, test, type Page } from '@playwright/test';
import {
  ensureTermsPublished,
  operatorPhone,
  registerBusinessThroughUi,
  signInByApi,
  signInThroughUi,
  uniquePhone,
  waitReady,
} from './support.ts';

type Violations = string[];

async function listenForViolations(page: Page): Promise<Violations> {
  const seen: Violations = [];
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) seen.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  return seen;
}

async function visit(page: Page, paths: string[]): Promise<void> {
  for (const path of paths) {
    await page.goto(path);
    await waitReady(page);
    await page.waitForLoadState('networkidle');
  }
}

test('the app sends its policy as a header, with frame-ancestors and a hash, without unsafe-inline scripts', async ({
  request,
}) => {
  const response = await request.get('/');
  const policy = response.headers()['content-security-policy'] ?? '';
  const scripts = /(?:^|;)\s*script-src ([^;]*)/.exec(policy)?.[1] ?? '';
  expect(scripts).toContain("'self'");
  expect(scripts).toMatch(/'sha256-[A-Za-z0-9+/=]+'/);
  expect(scripts).not.toContain('unsafe-inline');
  expect(scripts).not.toContain('unsafe-eval');
  expect(policy).toContain("frame-ancestors 'none'");
});

test('an injected inline script does not run, and the violation is heard', async ({ page }) => {
  const violations = await listenForViolations(page);
  await page.goto('/');
  await waitReady(page);
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.head.append(script);
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => violations.length).toBeGreaterThan(0);
});

test('the personal app opens every screen without a policy violation', async ({ page }) => {
  const violations = await listenForViolations(page);
  await signInThroughUi(page, uniquePhone());
  await visit(page, ['/', '/settings', '/businesses']);
  expect(violations).toEqual([]);
});

test('Souk Business opens every screen without a policy violation', async ({ page }) => {
  const violations = await listenForViolations(page);
  await ensureTermsPublished(page.request);
  await registerBusinessThroughUi(page, `Tienda CSP ${String(Date.now()).slice(-5)}`);
  await visit(page, [
    '/business',
    '/business/templates',
    '/business/stats',
    '/business/profile',
    '/business/settings',
    '/business/api',
    '/business/announcements',
  ]);
  expect(violations).toEqual([]);
});

test('the console opens every section without a policy violation', async ({ page }) => {
  const violations = await listenForViolations(page);
  await signInByApi(page.request, operatorPhone);
  await visit(page, [
    '/admin',
    '/admin/name-changes',
    '/admin/reports',
    '/admin/businesses',
    '/admin/announcements',
    '/admin/terms',
    '/admin/stats',
  ]);
  expect(violations).toEqual([]);
});
