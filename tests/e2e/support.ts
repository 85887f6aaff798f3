/** Shared steps of the end-to-end journeys. */
import { expect, type APIRequestContext, type Page } from '@playwright/test';

/** The platform operator that serve.mjs creates with the CLI before the server starts. */
export const operatorPhone = '+34600000001';

let counter = 0;
/** A phone number unique to this run (Spanish mobile range), so journeys never collide. */
export function uniquePhone(): string {
  const suffix = String((Date.now() % 1_000_000) * 10 + (counter++ % 10))
    .padStart(7, '0')
    .slice(-7);
  return `+3461${suffix}`;
}

export async function latestCode(request: APIRequestContext, phone: string): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(async () => {
      const response = await request.get(`/api/dev/outbox?phone=${encodeURIComponent(phone)}`);
      code = ((await response.json()) as Array<{ code: string }>)[0]?.code;
      return code;
    })
    .toBeTruthy();
  return code!;
}

export async function waitReady(page: Page): Promise<void> {
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1, { timeout: 20_000 });
}

/**
 * Clicks "Send code" and waits for the server's answer: until then the outbox may still hold an
 * earlier code for the same phone (the operator signs in more than once in a journey).
 */
export async function sendCode(page: Page): Promise<void> {
  const answered = page.waitForResponse(
    (r) => r.url().endsWith('/api/auth/code') && r.request().method() === 'POST',
  );
  await page.getByRole('button', { name: 'Send code' }).click();
  await answered;
}

export async function signInThroughUi(page: Page, phone: string, path = '/'): Promise<void> {
  await page.goto(path);
  await waitReady(page);
  await page.getByLabel('Phone number').fill(phone);
  await sendCode(page);
  await page.getByLabel('Code').fill(await latestCode(page.request, phone));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('link', { name: 'Settings' })).toBeVisible();
}

/** Signs `phone` in over the HTTP API in this request context (its cookies stay there). */
export async function signInByApi(
  request: APIRequestContext,
  phone: string,
  app: 'personal' | 'business' = 'personal',
): Promise<void> {
  const headers = { 'x-souk-app': app };
  expect((await request.post('/api/auth/code', { headers, data: { phone } })).ok()).toBe(true);
  const code = await latestCode(request, phone);
  const verified = await request.post('/api/auth/verify', { headers, data: { phone, code } });
  expect(verified.ok()).toBe(true);
}

/** Makes sure Terms of Service and Privacy Policy are published (as the e2e operator). */
export async function ensureTermsPublished(request: APIRequestContext): Promise<void> {
  const current = await (await request.get('/api/terms')).json();
  if (current.tos && current.privacy) return;
  await signInByApi(request, operatorPhone);
  for (const kind of ['tos', 'privacy']) {
    const published = await request.post('/api/admin/terms', {
      headers: { 'x-souk-app': 'personal' },
      data: { kind, text: `Souk ${kind} for the end-to-end tests.` },
    });
    expect(published.ok()).toBe(true);
  }
}

/** Signs a new business in to Souk Business, accepts the terms and registers it as `name`. */
export async function registerBusinessThroughUi(page: Page, name: string): Promise<void> {
  await signInThroughUi(page, uniquePhone(), '/business');
  await expect(page.getByRole('heading', { name: 'Terms for businesses' })).toBeVisible();
  const accept = page.getByRole('button', { name: 'Accept and continue' });
  await expect(accept).toBeDisabled();
  await page.getByLabel('I have read and accept both documents.').check();
  await accept.click();

  await expect(page.getByRole('heading', { name: 'Register your business' })).toBeVisible();
  const input = page.getByLabel('Business name');
  await input.fill('www.shop.com');
  await expect(page.getByText(/cannot contain a link/i)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Register' })).toBeDisabled();
  await input.fill(name);
  await page.getByLabel('Category').selectOption('food');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Inbox' })).toBeVisible();
}

/**
 * Waits until the app's own service worker controls the page (Souk Business's at /business/,
 * else the personal app's; the personal one answers for a business page until the business one
 * claims it), so the app opens with the network off.
 */
export async function waitOfflineReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const controller = navigator.serviceWorker?.controller;
      if (!controller) return false;
      const business = /^\/business(\/|$)/.test(location.pathname);
      const script = business ? '/business/service-worker.js' : '/service-worker.js';
      return new URL(controller.scriptURL).pathname === script;
    },
    undefined,
    { timeout: 20_000 },
  );
}

/** Signs a new business in over the API in this request context, accepts the terms, registers it. */
export async function registerBusinessByApi(
  request: APIRequestContext,
  name: string,
  phone = uniquePhone(),
): Promise<void> {
  const asBusiness = { 'x-souk-app': 'business' };
  await signInByApi(request, phone, 'business');
  const terms = await (await request.get('/api/terms')).json();
  const accepted = await request.post('/api/business/terms/accept', {
    headers: asBusiness,
    data: { tos: terms.tos.version, privacy: terms.privacy.version },
  });
  expect(accepted.ok()).toBe(true);
  const registered = await request.post('/api/business/register', {
    headers: asBusiness,
    data: { name, category: 'food' },
  });
  expect(registered.ok(), await registered.text()).toBe(true);
}

/** Letters only (digits read as letters against verified names), unique to this run. */
export function uniqueTag(): string {
  return Date.now()
    .toString(36)
    .replace(/\d/g, (d) => 'bcdfghjkmn'[Number(d)]!)
    .slice(-6);
}

/** Finds the shop by name in the directory, signed in to the personal app, and opens its page. */
export async function openShopPage(person: Page, shopName: string): Promise<void> {
  await person.getByRole('link', { name: 'Businesses' }).click();
  await person.getByLabel('Name').fill(shopName);
  await person.getByRole('button', { name: 'Search', exact: true }).click();
  await person
    .getByRole('list', { name: 'Businesses found' })
    .getByRole('link', { name: new RegExp(shopName) })
    .click();
}
