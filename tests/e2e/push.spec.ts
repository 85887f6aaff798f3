/**
 * Journey: a person turns on notifications in Settings; when someone writes to them, the server
 * pushes the new message to their browser, encrypted, and the service worker shows it with the
 * chat to open. Headless Chromium has no push service (subscribing is refused), so the page gets
 * a stand-in `PushManager` whose subscription points at a local endpoint with keys made here;
 * the endpoint decrypts what the server sends, and the decrypted payload is handed to the real
 * service worker through the DevTools protocol, as a push service would. Business app too.
 */
import { expect, test, type BrowserContext, type Page, type Worker } from '@playwright/test';
import type { PushSubscriptionJson } from '@souk/sync';
import { pushService } from '../integration/push-service.ts';
import {
  ensureTermsPublished,
  registerBusinessThroughUi,
  signInThroughUi,
  uniquePhone,
} from './support.ts';

/** Replaces the browser's push subscription by one that points at the test's endpoint. */
async function standInPush(context: BrowserContext, subscription: PushSubscriptionJson) {
  await context.grantPermissions(['notifications']);
  await context.addInitScript((json) => {
    let current: PushSubscription | null = null;
    PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
      const key = options?.applicationServerKey as Uint8Array;
      current = {
        endpoint: json.endpoint,
        expirationTime: null,
        options: { applicationServerKey: key.slice().buffer, userVisibleOnly: true },
        toJSON: () => json,
        unsubscribe: async () => ((current = null), true),
        getKey: () => null,
      } as unknown as PushSubscription;
      return current;
    };
    PushManager.prototype.getSubscription = async () => current;
  }, subscription);
}

/** The page's service worker at `url`, started if Chrome stopped it while idle. */
async function runningWorker(page: Page, url: string): Promise<Worker> {
  const context = page.context();
  const running = context.serviceWorkers().find((w) => w.url() === url);
  if (running) return running;
  const started = context.waitForEvent('serviceworker', (w) => w.url() === url);
  // A request from a page it controls starts the worker again.
  await page.evaluate(() => fetch('/manifest.webmanifest'));
  return started;
}

async function openSettings(page: Page) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Notifications' })).toBeVisible();
}

test('a new message reaches a browser that turned notifications on', async ({ browser }) => {
  const service = await pushService();
  const bobContext = await browser.newContext();
  await standInPush(bobContext, service.subscribe('bob'));
  const bob = await bobContext.newPage();
  const bobPhone = uniquePhone();
  await signInThroughUi(bob, bobPhone);
  await openSettings(bob);
  await bob.getByRole('button', { name: 'Turn on notifications' }).click();
  await expect(bob.getByRole('button', { name: 'Turn off notifications' })).toBeVisible();

  // Alice turns them on too: a push to her later proves the one Bob should not get was not sent.
  const aliceContext = await browser.newContext();
  await standInPush(aliceContext, service.subscribe('alice'));
  const alice = await aliceContext.newPage();
  const alicePhone = uniquePhone();
  await signInThroughUi(alice, alicePhone);
  await openSettings(alice);
  await alice.getByRole('button', { name: 'Turn on notifications' }).click();
  await expect(alice.getByRole('button', { name: 'Turn off notifications' })).toBeVisible();
  await alice.getByRole('link', { name: 'Souk', exact: true }).click();
  await alice.getByRole('button', { name: 'New chat' }).click();
  await alice.getByLabel('Phone number').fill(bobPhone);
  await alice.getByRole('button', { name: 'Start chat' }).click();
  await alice.getByLabel('Message').fill('Hola Bob, ¿vienes?');
  await alice.getByRole('button', { name: 'Send' }).click();

  await expect.poll(() => service.received('bob').length, { timeout: 15_000 }).toBe(1);
  const { payload } = service.received('bob')[0]!;
  expect(payload).toMatchObject({ app: 'personal', title: alicePhone, body: 'Hola Bob, ¿vienes?' });
  const chatId = payload.doc.slice('conv:'.length);
  expect(new URL(alice.url()).pathname).toBe(`/chat/${chatId}`);

  // The push service hands it to Bob's service worker, which shows it.
  const cdp = await bobContext.newCDPSession(bob);
  const registrations: Array<{ registrationId: string; scopeURL: string }> = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (event) =>
    registrations.push(...event.registrations),
  );
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => registrations.length).toBeGreaterThan(0);
  // A push reaches only an activated worker: `ready` resolves while the active one may still be
  // activating (claiming clients, cleaning caches), so wait for its state to say so.
  await bob.evaluate(async () => {
    const worker = (await navigator.serviceWorker.ready).active!;
    while (worker.state !== 'activated')
      await new Promise((settled) =>
        worker.addEventListener('statechange', settled, { once: true }),
      );
  });
  const origin = new URL(bob.url()).origin;
  // Chrome drops a notification from its records when getNotifications() runs while the worker
  // is still showing it (its icon loading): so the test waits, inside the worker, for
  // showNotification to finish, and only then asks what is shown.
  const worker = await runningWorker(bob, `${origin}/service-worker.js`);
  await worker.evaluate(() => {
    const scope = self as unknown as {
      registration: ServiceWorkerRegistration;
      souk_shown?: Promise<void>;
    };
    const registration = scope.registration;
    const show = registration.showNotification.bind(registration);
    scope.souk_shown = new Promise((done) => {
      registration.showNotification = async (...args) => {
        await show(...args);
        done();
      };
    });
  });
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin,
    registrationId: registrations.find((r) => r.scopeURL === `${origin}/`)!.registrationId,
    data: JSON.stringify(payload),
  });
  await worker.evaluate(() => (self as unknown as { souk_shown: Promise<void> }).souk_shown);
  const shown = await bob.evaluate(async () =>
    (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      data: n.data as unknown,
    })),
  );
  expect(shown).toEqual([
    { title: alicePhone, body: 'Hola Bob, ¿vienes?', data: { url: `/chat/${chatId}` } },
  ]);

  // Turning it off: the next message is not pushed.
  await bob.getByRole('button', { name: 'Turn off notifications' }).click();
  await expect(bob.getByRole('button', { name: 'Turn on notifications' })).toBeVisible();
  await alice.getByLabel('Message').fill('¿Sigues ahí?');
  await alice.getByRole('button', { name: 'Send' }).click();
  await expect(
    alice
      .getByRole('main')
      .getByRole('listitem')
      .filter({ hasText: '¿Sigues ahí?' })
      .getByLabel(/^(Sent|Delivered|Read)$/),
  ).toBeVisible();
  // Bob answers. The server notifies commits in order, so once Alice's push for the answer is
  // in, a push to Bob for the message before it would have been sent already.
  await bob.getByRole('link', { name: 'Souk', exact: true }).click();
  await bob.getByRole('link', { name: new RegExp(alicePhone.replace('+', '\\+')) }).click();
  await expect(bob.getByRole('main').getByText('¿Sigues ahí?')).toBeVisible();
  await bob.getByLabel('Message').fill('Sí, aquí estoy.');
  await bob.getByRole('button', { name: 'Send' }).click();
  await expect
    .poll(() => service.received('alice').map((push) => push.payload.body))
    .toEqual(['Sí, aquí estoy.']);
  expect(service.received('bob')).toHaveLength(1);

  await aliceContext.close();
  await bobContext.close();
  await service.close();
});

test('Souk Business offers notifications in its settings too', async ({ browser }) => {
  const operator = await browser.newContext();
  await ensureTermsPublished(operator.request);
  await operator.close();
  const service = await pushService();
  const context = await browser.newContext();
  await standInPush(context, service.subscribe('shop'));
  const page = await context.newPage();
  await registerBusinessThroughUi(page, 'Ferretería Push');
  await openSettings(page);
  await page.getByRole('button', { name: 'Turn on notifications' }).click();
  await expect(page.getByRole('button', { name: 'Turn off notifications' })).toBeVisible();
  await context.close();
  await service.close();
});
