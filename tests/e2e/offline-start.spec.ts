/**
 * Journey: a phone loses its signal right after signing in, before the sync engine's code was
 * loaded or cached by the service worker. Back online, the engine loads and syncs without a
 * reload: a chat someone else starts meanwhile appears in the list.
 */
import { expect, test } from '@playwright/test';
import { signInThroughUi, uniquePhone } from './support.ts';

/** A name only the sync engine's chunk holds (chunk file names are hashes). */
const engineMarker = 'reprojectChatsWith';

test('the sync engine starts once back online when its code failed to load offline', async ({
  browser,
}) => {
  // No service worker: the first visit before it installed, when nothing is cached yet.
  const bobContext = await browser.newContext({ serviceWorkers: 'block' });
  const bob = await bobContext.newPage();
  let markFailed!: () => void;
  const engineFailed = new Promise<void>((resolve) => (markFailed = resolve));
  let failed = false;
  await bob.route('**/_app/immutable/chunks/*.js', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (failed || !body.includes(engineMarker)) return route.fulfill({ response, body });
    // The signal goes while the engine's code is on its way.
    failed = true;
    await bobContext.setOffline(true);
    await route.abort('internetdisconnected');
    markFailed();
  });
  const bobPhone = uniquePhone();
  await signInThroughUi(bob, bobPhone);
  await engineFailed;
  await expect(bob.getByRole('link', { name: 'Settings' })).toBeVisible();
  await bobContext.setOffline(false);

  const aliceContext = await browser.newContext();
  const alice = await aliceContext.newPage();
  const alicePhone = uniquePhone();
  await signInThroughUi(alice, alicePhone);
  await alice.getByRole('button', { name: 'New chat' }).click();
  await alice.getByLabel('Phone number').fill(bobPhone);
  await alice.getByRole('button', { name: 'Start chat' }).click();
  await alice.getByLabel('Message').fill('¿Sigues ahí?');
  await alice.getByRole('button', { name: 'Send' }).click();

  await bob.getByRole('link', { name: new RegExp(alicePhone.replace('+', '\\+')) }).click();
  await expect(bob.getByRole('main').getByText('¿Sigues ahí?')).toBeVisible();
  await aliceContext.close();
  await bobContext.close();
});
