/**
 * Devices (issue 18, item 4) in real Chromium: each signed-in device is listed by browser and
 * system ("Chrome on Android"), with when it was last active; signing one out asks first, and the
 * device signed out says why on its sign-in screen (the server's reason code, translated).
 */
import { expect, test } from '@playwright/test';
import { signInThroughUi, uniquePhone } from './support.ts';

const androidChrome =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const windowsEdge =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86';

test('devices are named, and a device signed out from another says why', async ({ browser }) => {
  const phone = uniquePhone();
  const phoneContext = await browser.newContext({ userAgent: androidChrome });
  const laptopContext = await browser.newContext({ userAgent: windowsEdge });
  const handset = await phoneContext.newPage();
  const laptop = await laptopContext.newPage();
  await signInThroughUi(handset, phone);
  await signInThroughUi(laptop, phone);

  await handset.getByRole('link', { name: 'Settings' }).click();
  const mine = handset.getByRole('listitem').filter({ hasText: 'Chrome on Android' });
  await expect(mine).toContainText('This device');
  const other = handset.getByRole('listitem').filter({ hasText: 'Microsoft Edge on Windows' });
  await expect(other).toContainText(/Last active (now|\d+ seconds? ago)/);

  await other.getByRole('button', { name: 'Sign out this device' }).click();
  const asked = handset.getByRole('dialog', { name: 'Sign out Microsoft Edge on Windows?' });
  await asked.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(other).toHaveCount(0);

  // The laptop, still open, is signed out at once and told why.
  await expect(
    laptop
      .getByRole('status')
      .filter({ hasText: 'This device was signed out from another of your devices.' }),
  ).toBeVisible({ timeout: 20_000 });
  await expect(laptop.getByLabel('Phone number')).toBeVisible();
  await phoneContext.close();
  await laptopContext.close();
});
