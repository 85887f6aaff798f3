/**
 * Journey: signing in when the SMS does not go out, and when the browser reads it itself. A
 * sender that did not take the code in time answers 503 `code_not_sent` (the server side is
 * tested in tests/integration/sms-senders.test.ts); the screen says so and offers to send it
 * again. Where the browser has WebOTP, the code from the SMS fills in and signs in with no typing:
 * here the browser's WebOTP is stood in for by one that reads the development outbox and records
 * how it was asked.
 */
import { expect, test } from '@playwright/test';
import { uniquePhone, waitReady } from './support.ts';

test('a code that could not be sent is offered again', async ({ page }) => {
  const phone = uniquePhone();
  let refuse = true;
  await page.route('**/api/auth/code', async (route) => {
    if (!refuse) return route.continue();
    refuse = false;
    await route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({
        kind: 'unavailable',
        message: 'The code could not be sent. Try again.',
        details: { reason: 'code_not_sent' },
      }),
    });
  });
  await page.goto('/');
  await waitReady(page);
  await page.getByLabel('Phone number').fill(phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'The code could not be sent to your phone. Please try again.',
  );
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByLabel('Code')).toBeVisible();
});

test('the code from the SMS signs in through WebOTP', async ({ page }) => {
  const phone = uniquePhone();
  await page.addInitScript((number) => {
    const asked: unknown[] = [];
    Object.assign(window, { OTPCredential: class {}, webOtpAsked: asked });
    navigator.credentials.get = async (options?: CredentialRequestOptions) => {
      asked.push(JSON.parse(JSON.stringify({ ...options, signal: undefined })));
      for (;;) {
        const response = await fetch(`/api/dev/outbox?phone=${encodeURIComponent(number)}`);
        const [entry] = (await response.json()) as Array<{ code: string }>;
        if (entry) return { type: 'otp', id: '', code: entry.code } as unknown as Credential;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
  }, phone);
  await page.goto('/');
  await waitReady(page);
  await page.getByLabel('Phone number').fill(phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByRole('link', { name: 'Settings' })).toBeVisible();
  expect(
    await page.evaluate(() => (window as unknown as { webOtpAsked: unknown[] }).webOtpAsked),
  ).toEqual([{ otp: { transport: ['sms'] } }]);
});
