/**
 * Journey (issue 15): the three apps hold on every screen. At 320, 390, 1280 and 1920 px, in the
 * light and the dark theme, every screen and dialog listed here — holding long names, a long
 * preview, a 2,000-character word and mixed-direction text — is no wider than the window (nor is
 * any list row), and axe finds no accessibility violation of any impact. Each screen loads once
 * and is resized and re-themed in place (a11y.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { lookFindings } from './a11y.ts';
import { friendName, longPreview, longWord, seedLooks, shopName, type Looks } from './looks.ts';
import { operatorPhone, signInByApi, uniquePhone, waitReady } from './support.ts';
import { optedInPeople } from './opt-ins.ts';

type Who = 'person' | 'shop' | 'operator' | 'nobody' | 'newShop' | 'unregistered';
type Screen = {
  name: string;
  who: Who;
  path: (looks: Looks) => string;
  /** What shows once the screen has its content. */
  ready: (page: Page) => Promise<void>;
  /** Brings up the dialog or panel the screen is about. */
  open?: (page: Page) => Promise<void>;
  /** Where axe looks: a modal dialog alone (its page is a screen of its own). */
  scope?: string;
  /** A page served on its own, outside the apps (no data-ready). */
  standalone?: true;
};

const heading = (page: Page, name: string | RegExp) =>
  expect(page.getByRole('heading', { name })).toBeVisible();
const h1 = (page: Page) => expect(page.getByRole('heading', { level: 1 })).toBeVisible();
const dialog = async (page: Page, button: string | RegExp) => {
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
};
/** The first message's menu (every message has its own "More actions" button). */
const messageMenu = async (page: Page) => {
  await page.getByRole('button', { name: 'More actions' }).first().click();
  await expect(page.getByRole('dialog', { name: 'Choose an action' })).toBeVisible();
};
/** A document attached while the uploads cannot get through: it waits in place, with 🕓. */
const waitingUpload = async (page: Page) => {
  await page.route('**/uploads**', (route) => route.abort('internetdisconnected'));
  await page
    .getByText('Attach a photo or file')
    .locator('..')
    .locator('input[type="file"]')
    .setInputFiles({
      name: 'a-long-file-name-'.repeat(8) + '.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4'),
    });
  await expect(page.locator('[data-outbox="document"]')).toBeVisible();
};
const chatList = (page: Page) =>
  expect(page.getByRole('link', { name: new RegExp(shopName) })).toBeVisible();
const longChat = (page: Page) => expect(page.getByRole('main').getByText(longWord)).toBeVisible();
const shopChat = (page: Page) =>
  expect(page.getByRole('main').getByText(/birthday cake/)).toBeVisible();

const personal: Screen[] = [
  { name: 'sign-in', who: 'nobody', path: () => '/', ready: (p) => heading(p, /Sign in/) },
  { name: 'chat list', who: 'person', path: () => '/', ready: chatList },
  {
    name: 'new chat dialog',
    scope: 'dialog[open]',
    who: 'person',
    path: () => '/',
    ready: chatList,
    open: (p) => dialog(p, 'New chat'),
  },
  { name: 'chat with a long word', who: 'person', path: (l) => l.friendChat, ready: longChat },
  {
    name: 'location dialog',
    scope: 'dialog[open]',
    who: 'person',
    path: (l) => l.friendChat,
    ready: longChat,
    open: (p) => dialog(p, 'Share a location'),
  },
  {
    name: 'contact dialog',
    scope: 'dialog[open]',
    who: 'person',
    path: (l) => l.friendChat,
    ready: longChat,
    open: (p) => dialog(p, 'Share a contact'),
  },
  {
    name: 'chat options dialog',
    scope: 'dialog[open]',
    who: 'person',
    path: (l) => l.friendChat,
    ready: longChat,
    open: async (p) => {
      await p
        .getByRole('main')
        .getByRole('button', { name: /^Options for/ })
        .click();
      await expect(p.getByRole('dialog').getByRole('button', { name: 'Archive' })).toBeVisible();
    },
  },
  { name: 'chat with a shop', who: 'person', path: (l) => l.shopChat, ready: shopChat },
  {
    name: 'chat with a file waiting to upload',
    who: 'person',
    path: (l) => l.friendChat,
    ready: longChat,
    open: waitingUpload,
  },
  {
    name: 'message menu',
    scope: 'dialog[open]',
    who: 'person',
    path: (l) => l.friendChat,
    ready: longChat,
    open: messageMenu,
  },
  {
    name: 'reaction picker',
    scope: 'dialog[open]',
    who: 'person',
    path: (l) => l.friendChat,
    ready: longChat,
    open: async (p) => {
      await messageMenu(p);
      await p.getByRole('dialog').getByRole('button', { name: 'More reactions' }).click();
      await expect(p.getByRole('dialog').getByRole('menuitem').first()).toBeVisible();
    },
  },
  {
    name: 'delete for me dialog',
    scope: 'dialog[open]',
    who: 'person',
    path: (l) => l.friendChat,
    ready: longChat,
    open: async (p) => {
      await messageMenu(p);
      await p.getByRole('dialog').getByRole('button', { name: 'Delete for me' }).click();
      await expect(p.getByRole('dialog', { name: 'Delete for me' })).toBeVisible();
    },
  },
  {
    name: 'directory',
    who: 'person',
    path: () => '/businesses',
    ready: (p) => heading(p, 'Find businesses'),
  },
  {
    name: 'business page',
    who: 'person',
    path: (l) => `/businesses/${l.shopId}`,
    ready: (p) => expect(p.getByRole('button', { name: 'Block' })).toBeVisible(),
  },
  {
    name: 'block dialog',
    scope: 'dialog[open]',
    who: 'person',
    path: (l) => `/businesses/${l.shopId}`,
    ready: (p) => expect(p.getByRole('button', { name: 'Block' })).toBeVisible(),
    open: (p) => dialog(p, 'Block'),
  },
  {
    name: 'STOP dialog',
    scope: 'dialog[open]',
    who: 'person',
    path: (l) => `/businesses/${l.shopId}`,
    ready: (p) => expect(p.getByRole('switch', { name: 'Receive updates' })).toBeVisible(),
    open: async (p) => {
      const updates = p.getByRole('switch', { name: 'Receive updates' });
      if (!(await updates.isChecked())) {
        await updates.click();
        await expect(updates).toBeChecked();
      }
      await updates.click();
      await expect(p.getByRole('dialog')).toBeVisible();
    },
  },
  ...(['nobody', 'person'] as const).map((who): Screen => ({
    name: `chat link, ${who === 'nobody' ? 'signed out' : 'signed in'}`,
    who,
    standalone: true,
    path: (l) => `/c/${l.shopHandle}?text=${encodeURIComponent(longPreview)}`,
    ready: (p) => expect(p.getByRole('heading', { level: 1, name: shopName })).toBeVisible(),
  })),
  {
    name: 'contact page',
    who: 'person',
    path: (l) => `/contact/${l.friendId}`,
    ready: (p) => expect(p.getByRole('heading', { level: 2, name: friendName })).toBeVisible(),
  },
  {
    name: 'settings',
    who: 'person',
    path: () => '/settings',
    ready: async (p) => {
      await expect(p.getByRole('button', { name: 'Sign out this device' })).toBeVisible();
      await expect(p.getByLabel('Your name')).toBeVisible(); // the profile part, loaded apart
    },
  },
  {
    name: 'device sign-out dialog',
    scope: 'dialog[open]',
    who: 'person',
    path: () => '/settings',
    ready: (p) => expect(p.getByRole('button', { name: 'Sign out this device' })).toBeVisible(),
    open: (p) => dialog(p, 'Sign out this device'),
  },
];

const business: Screen[] = [
  {
    name: 'business sign-in',
    who: 'nobody',
    path: () => '/business',
    ready: (p) => heading(p, /Sign in/),
  },
  {
    name: 'business terms',
    who: 'newShop',
    path: () => '/business',
    ready: (p) => heading(p, 'Terms for businesses'),
  },
  {
    name: 'business registration',
    who: 'unregistered',
    path: () => '/business',
    ready: (p) => heading(p, 'Register your business'),
  },
  {
    name: 'inbox',
    who: 'shop',
    path: () => '/business',
    ready: (p) => expect(p.getByRole('link', { name: /Anything else/ }).first()).toBeVisible(),
  },
  { name: 'business chat', who: 'shop', path: (l) => `/business${l.shopChat}`, ready: shopChat },
  {
    name: 'business message menu',
    scope: 'dialog[open]',
    who: 'shop',
    path: (l) => `/business${l.shopChat}`,
    ready: shopChat,
    open: messageMenu,
  },
  {
    name: 'template sender',
    who: 'shop',
    path: (l) => `/business${l.shopChat}`,
    ready: shopChat,
    open: (p) => p.getByRole('button', { name: 'Use a template' }).click(),
  },
  {
    name: 'templates',
    who: 'shop',
    path: () => '/business/templates',
    ready: (p) => heading(p, 'Message templates'),
  },
  {
    name: 'template editor',
    who: 'shop',
    path: () => '/business/templates',
    ready: (p) => heading(p, 'Message templates'),
    open: async (p) => {
      await p.getByRole('button', { name: 'New template' }).click();
      await expect(p.getByRole('button', { name: 'Publish' })).toBeVisible();
    },
  },
  {
    name: 'broadcast confirmation',
    scope: 'dialog[open]',
    who: 'shop',
    path: () => '/business/templates',
    ready: (p) => heading(p, 'Message templates'),
    open: async (p) => {
      await p.getByLabel('Start from an example').selectOption('order_shipped');
      await p.getByRole('button', { name: 'Publish' }).click();
      await expect(p.getByText(/Published order_shipped version/)).toBeVisible();
      await p
        .getByRole('listitem')
        .filter({ hasText: 'order_shipped' })
        .getByRole('button', { name: 'Broadcast' })
        .click();
      await p.getByLabel('name', { exact: true }).fill('Luis');
      await p.getByLabel('order_id', { exact: true }).fill('B-7');
      await p.getByRole('button', { name: 'Review broadcast' }).click();
      await expect(p.getByRole('dialog').getByText(/Customers addressed/)).toBeVisible();
    },
  },
  {
    name: 'broadcast progress',
    who: 'shop',
    path: () => '/business/templates',
    ready: (p) => heading(p, 'Message templates'),
    open: async (p) => {
      const me = await p.request.get('/api/me', { headers: { 'x-souk-app': 'business' } });
      await optedInPeople(test.info().project.use.baseURL!, (await me.json()).id, 1);
      await p.getByLabel('Start from an example').selectOption('order_shipped');
      await p.getByRole('button', { name: 'Publish' }).click();
      await expect(p.getByText(/Published order_shipped version/)).toBeVisible();
      await p
        .getByRole('listitem')
        .filter({ hasText: 'order_shipped' })
        .getByRole('button', { name: 'Broadcast' })
        .click();
      await p.getByLabel('name', { exact: true }).fill('Luis');
      await p.getByLabel('order_id', { exact: true }).fill('B-7');
      await p.getByRole('button', { name: 'Review broadcast' }).click();
      await p
        .getByRole('dialog')
        .getByRole('button', { name: /^Send to [1-9]/ })
        .click();
      await expect(
        p.getByRole('region', { name: 'Broadcast progress' }).getByRole('status'),
      ).toHaveText(/^Finished/);
    },
  },
  {
    name: 'chat link and QR code',
    who: 'shop',
    path: () => '/business/link',
    ready: (p) => expect(p.getByRole('img', { name: /^QR code of / })).toBeVisible(),
  },
  {
    name: 'poster',
    who: 'shop',
    path: () => '/business/link/poster',
    ready: (p) =>
      expect(p.getByRole('article', { name: 'Poster to print' })).toContainText(shopName),
  },
  {
    name: 'business statistics',
    who: 'shop',
    path: () => '/business/stats',
    ready: (p) => expect(p.getByRole('heading', { level: 2 })).toBeVisible(),
  },
  {
    name: 'business profile',
    who: 'shop',
    path: () => '/business/profile',
    ready: (p) => heading(p, 'Business profile'),
  },
  {
    name: 'business API',
    who: 'shop',
    path: () => '/business/api',
    ready: (p) => expect(p.getByRole('heading', { level: 2 })).toBeVisible(),
  },
  {
    name: 'announcements',
    who: 'shop',
    path: () => '/business/announcements',
    ready: (p) => expect(p.getByRole('heading', { name: /Souk/, level: 2 })).toBeVisible(),
  },
  {
    name: 'business settings',
    who: 'shop',
    path: () => '/business/settings',
    ready: (p) => heading(p, 'Settings'),
  },
];

const consolePaths = [
  '',
  '/name-changes',
  '/handle-changes',
  '/reports',
  '/businesses',
  '/announcements',
  '/terms',
];
const operatorConsole: Screen[] = [
  { name: 'console sign-in', who: 'nobody', path: () => '/admin', ready: h1 },
  { name: 'console, not an operator', who: 'person', path: () => '/admin', ready: h1 },
  ...consolePaths.map((path): Screen => ({
    name: `console${path}`,
    who: 'operator',
    path: () => `/admin${path}`,
    ready: h1,
  })),
  {
    name: 'console statistics',
    who: 'operator',
    path: () => '/admin/stats',
    ready: (p) => expect(p.getByRole('heading', { level: 2 })).toBeVisible(),
  },
];

let looks: Looks;
const states = new Map<Who, Looks['person']['storageState'] | undefined>();

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  looks = await seedLooks(browser);
  states.set('person', looks.person.storageState);
  states.set('shop', looks.shop.storageState);
  states.set('nobody', undefined);
  const signedIn = async (phone: string, app: 'personal' | 'business', accept = false) => {
    const context = await browser.newContext();
    await signInByApi(context.request, phone, app);
    if (accept) {
      const terms = await (await context.request.get('/api/terms')).json();
      const accepted = await context.request.post('/api/business/terms/accept', {
        headers: { 'x-souk-app': 'business' },
        data: { tos: terms.tos.version, privacy: terms.privacy.version },
      });
      expect(accepted.ok()).toBe(true);
    }
    const state = await context.storageState();
    await context.close();
    return state;
  };
  states.set('operator', await signedIn(operatorPhone, 'personal'));
  states.set('newShop', await signedIn(uniquePhone(), 'business'));
  states.set('unregistered', await signedIn(uniquePhone(), 'business', true));
});

// One test per screen: each stays well inside the default timeout on a loaded machine, and a
// failure names its screen.
for (const [app, list] of [
  ['personal app', personal],
  ['business app', business],
  ['console', operatorConsole],
] as const) {
  for (const screen of list) {
    test(`${app}: ${screen.name} holds and passes axe at every width, in both themes`, async ({
      browser,
    }) => {
      const context = await browser.newContext({
        viewport: { width: 320, height: 780 },
        storageState: states.get(screen.who),
      });
      const page = await context.newPage();
      await page.goto(screen.path(looks));
      if (!screen.standalone) await waitReady(page);
      await screen.ready(page);
      await screen.open?.(page);
      const found = await lookFindings(page, screen.name, screen.scope);
      await context.close();
      expect(found).toEqual([]);
    });
  }
}
