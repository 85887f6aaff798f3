/**
 * Journey (issue 15): the three apps hold on every screen. At 320, 390, 1280 and 1920 px, in the
 * light and the dark theme, each listed screen — holding long names, a long preview, a
 * 2,000-character word and mixed-direction text — is no wider than the window (nor is any list
 * row), and axe finds no accessibility violation of any impact.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { longWord, overflowing, seedLooks, shopName, type Looks } from './looks.ts';
import { operatorPhone, signInByApi, waitReady } from './support.ts';

type Screen = {
  name: string;
  who: 'person' | 'shop' | 'operator' | 'nobody';
  path: (looks: Looks) => string;
  /** What shows once the screen has its content. */
  ready: (page: Page) => Promise<void>;
  open?: (page: Page) => Promise<void>;
};

const screens: Screen[] = [
  {
    name: 'sign-in',
    who: 'nobody',
    path: () => '/',
    ready: (page) => expect(page.getByLabel('Phone number')).toBeVisible(),
  },
  {
    name: 'chat list',
    who: 'person',
    path: () => '/',
    ready: (page) => expect(page.getByRole('link', { name: new RegExp(shopName) })).toBeVisible(),
  },
  {
    name: 'new chat dialog',
    who: 'person',
    path: () => '/',
    ready: (page) => expect(page.getByRole('link', { name: new RegExp(shopName) })).toBeVisible(),
    open: async (page) => {
      await page.getByRole('button', { name: 'New chat' }).click();
      await expect(page.getByRole('dialog', { name: 'New chat' })).toBeVisible();
    },
  },
  {
    name: 'chat with a long word',
    who: 'person',
    path: (looks) => looks.friendChat,
    // The chat opens at its end, the long word; on a phone it is taller than the screen, so the
    // message before it is not drawn (the list is virtualised).
    ready: (page) => expect(page.getByRole('main').getByText(longWord)).toBeVisible(),
  },
  {
    name: 'settings',
    who: 'person',
    path: () => '/settings',
    ready: (page) => expect(page.getByRole('switch', { name: /Read receipts/ })).toBeVisible(),
  },
  {
    name: 'inbox',
    who: 'shop',
    path: () => '/business',
    ready: (page) =>
      expect(page.getByRole('link', { name: /Anything else/ }).first()).toBeVisible(),
  },
  {
    name: 'business chat',
    who: 'shop',
    path: (looks) => `/business${looks.shopChat}`,
    ready: (page) => expect(page.getByRole('main').getByText(/birthday cake/)).toBeVisible(),
  },
  {
    name: 'business settings',
    who: 'shop',
    path: () => '/business/settings',
    ready: (page) => expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible(),
  },
  {
    name: 'console',
    who: 'operator',
    path: () => '/admin',
    ready: (page) => expect(page.getByRole('heading', { level: 1 })).toBeVisible(),
  },
];

const widths = [320, 390, 1280, 1920];
const schemes = ['light', 'dark'] as const;

let looks: Looks;
let operatorState: Looks['person']['storageState'];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  looks = await seedLooks(browser);
  const operator = await browser.newContext();
  await signInByApi(operator.request, operatorPhone);
  operatorState = await operator.storageState();
  await operator.close();
});

async function contextFor(browser: Browser, who: Screen['who'], width: number, scheme: string) {
  const storageState =
    who === 'person'
      ? looks.person.storageState
      : who === 'shop'
        ? looks.shop.storageState
        : who === 'operator'
          ? operatorState
          : undefined;
  return browser.newContext({
    viewport: { width, height: width < 700 ? 780 : 900 },
    colorScheme: scheme as 'light' | 'dark',
    storageState,
  });
}

for (const width of widths) {
  for (const scheme of schemes) {
    test(`every listed screen holds and passes axe at ${width} px, ${scheme}`, async ({
      browser,
    }) => {
      test.setTimeout(180_000);
      const byWho = new Map<Screen['who'], Awaited<ReturnType<typeof contextFor>>>();
      for (const screen of screens) {
        let context = byWho.get(screen.who);
        if (!context) {
          context = await contextFor(browser, screen.who, width, scheme);
          byWho.set(screen.who, context);
        }
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(screen.path(looks));
        await waitReady(page);
        await screen.ready(page);
        await screen.open?.(page);
        expect(await overflowing(page), `${screen.name}: wider than ${width} px`).toEqual([]);
        const axe = await new AxeBuilder({ page }).analyze();
        const found = axe.violations.map(
          (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
        expect(found, `${screen.name} at ${width} px, ${scheme}`).toEqual([]);
      }
      for (const context of byWho.values()) await context.close();
    });
  }
}
