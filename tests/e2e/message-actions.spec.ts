/**
 * Journey (issue 17): two people use the message menu. Bob answers an old message through its
 * menu and Alice follows the quote back to it; Alice reacts (Bob joins in by tapping the
 * reaction, and she takes hers back the same way; he picks another from the full picker), hides
 * one of Bob's messages for herself, edits a typo (the menu, opened while the message was still on
 * its way, offers the edit once it is sent), deletes a message for everyone (gone on Bob's
 * screen too, and from both devices' stored data) and reads in the message's info when Bob read
 * it.
 * Reactions are checked by their accessible names: this machine has no emoji font.
 */
import { expect, test, type Page } from '@playwright/test';
import { signInThroughUi, uniquePhone } from './support.ts';

/** The history row whose own text (not a quote of it) is `text`. */
const row = (page: Page, text: string) =>
  page
    .getByRole('main')
    .locator('li.row')
    .filter({ has: page.locator('.bubble > p', { hasText: text }) });

async function send(page: Page, text: string) {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(row(page, text)).toHaveCount(1);
}

/**
 * Whether the device's database still holds `text` anywhere: its stored Yjs updates (the bytes,
 * as UTF-8), its message and chat rows or its search index (the text's first word, folded).
 */
function stored(page: Page, text: string): Promise<string[]> {
  return page.evaluate(
    (text) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('souk-personal');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['updates', 'messages', 'chats', 'search']);
          const all = (store: string) =>
            new Promise<unknown[]>((done) => {
              const get = tx.objectStore(store).getAll();
              get.onsuccess = () => done(get.result as unknown[]);
            });
          void Promise.all([all('updates'), all('messages'), all('chats'), all('search')]).then(
            ([updates, messages, chats, search]) => {
              db.close();
              const decoder = new TextDecoder();
              const word = text.split(' ')[0]!.toLowerCase();
              const found = [
                updates.some((row) =>
                  decoder.decode((row as { data: Uint8Array }).data).includes(text),
                ) && 'updates',
                JSON.stringify(messages).includes(text) && 'messages',
                JSON.stringify(chats).includes(text) && 'chats',
                search.some((row) => (row as { w: string[] }).w.includes(word)) && 'search',
              ];
              resolve(found.filter((store): store is string => typeof store === 'string'));
            },
          );
        };
      }),
    text,
  );
}

/** The JSON build assets (the emoji picker's data) in the installed service worker's caches. */
function cachedJsonAssets(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready; // installed: its precache is complete
    const found: string[] = [];
    for (const name of await caches.keys())
      for (const request of await (await caches.open(name)).keys())
        if (/\/_app\/immutable\/assets\/[^/]+\.json$/.test(new URL(request.url).pathname))
          found.push(request.url);
    return found;
  });
}

async function openMenu(page: Page, text: string) {
  await row(page, text).getByRole('button', { name: 'More actions' }).click();
  return page.getByRole('dialog', { name: 'Choose an action' });
}

test('reply, jump to the quote, react, edit, delete for everyone and read the info', async ({
  browser,
}) => {
  const aliceContext = await browser.newContext({ viewport: { width: 420, height: 640 } });
  const bobContext = await browser.newContext();
  const alice = await aliceContext.newPage();
  const bob = await bobContext.newPage();
  const alicePhone = uniquePhone();
  const bobPhone = uniquePhone();
  await signInThroughUi(alice, alicePhone);
  await signInThroughUi(bob, bobPhone);

  await alice.getByRole('button', { name: 'New chat' }).click();
  await alice.getByLabel('Phone number').fill(bobPhone);
  await alice.getByRole('button', { name: 'Start chat' }).click();
  await send(alice, 'Where do we meet?');
  // Enough after it that it scrolls out of Alice's small screen.
  for (let i = 1; i <= 14; i++) await send(alice, `Line ${i}`);

  await bob.getByRole('link', { name: new RegExp(alicePhone.replace('+', '\\+')) }).click();
  await expect(row(bob, 'Line 14')).toBeVisible();
  // Bob answers the first message through its menu (opened with the keyboard-reachable button).
  const bobMenu = await openMenu(bob, 'Where do we meet?');
  await bobMenu.getByRole('button', { name: 'Reply' }).click();
  await expect(bob.getByText(/Replying to/)).toBeVisible();
  await send(bob, 'At the station');

  // Alice follows the quote back to the original: it scrolls into view, highlighted.
  const answer = row(alice, 'At the station');
  await expect(answer).toBeVisible();
  const original = alice.locator('.bubble', {
    has: alice.locator('> p', { hasText: 'Where do we meet?' }),
  });
  await expect(original).not.toBeInViewport();
  await answer.getByRole('button', { name: 'Go to the original' }).click();
  await expect(original).toBeInViewport();
  await expect(original).toHaveClass(/highlighted/);
  await alice.getByRole('button', { name: 'Jump to the latest message' }).click();

  // Alice reacts to Bob's answer; Bob sees the reaction.
  const aliceMenu = await openMenu(alice, 'At the station');
  await aliceMenu.getByRole('button', { name: 'React with thumbs up' }).click();
  await expect(
    row(bob, 'At the station').getByRole('list', { name: 'Reactions' }).getByRole('listitem'),
  ).toHaveCount(1);

  // Reactions under a bubble are buttons: Bob taps Alice's, so it is his too; Alice taps hers
  // (pressed: her own) and takes it back.
  const bobChips = row(bob, 'At the station').getByRole('list', { name: 'Reactions' });
  await bobChips.getByRole('button', { pressed: false }).click();
  await expect(bobChips.getByRole('button', { pressed: true })).toHaveAccessibleName(/: 2$/);
  const aliceChips = row(alice, 'At the station').getByRole('list', { name: 'Reactions' });
  await aliceChips.getByRole('button', { pressed: true }).click();
  await expect(aliceChips.getByRole('button', { pressed: false })).toHaveAccessibleName(/: 1$/);
  await expect(bobChips.getByRole('button', { pressed: true })).toHaveAccessibleName(/: 1$/);

  // "More reactions" is the full picker (its data one of the app's own files, fetched when it
  // first opens, never precached): Bob finds a pizza.
  expect(await cachedJsonAssets(bob)).toEqual([]);
  const moreMenu = await openMenu(bob, 'At the station');
  await moreMenu.getByRole('button', { name: 'More reactions' }).click();
  const picker = bob.getByRole('dialog', { name: 'More reactions' });
  await picker.getByRole('combobox', { name: 'Search' }).fill('pizza');
  await picker.getByRole('option', { name: /pizza/ }).first().click();
  await expect(aliceChips.getByRole('button')).toHaveAccessibleName('🍕: 1');

  // Alice deletes one of Bob's messages for herself: gone from her screen, still on Bob's.
  await send(bob, 'Only Alice hides this');
  const hideMenu = await openMenu(alice, 'Only Alice hides this');
  await hideMenu.getByRole('button', { name: 'Delete for me' }).click();
  await alice
    .getByRole('dialog', { name: 'Delete for me' })
    .getByRole('button', { name: 'Delete for me' })
    .click();
  await expect(row(alice, 'Only Alice hides this')).toHaveCount(0);
  await expect(row(bob, 'Only Alice hides this')).toHaveCount(1);

  // Alice fixes a typo; Bob sees the new text, marked edited. She writes it without signal: the
  // menu of a message still on its way offers no edit, and gains it in place once it is sent.
  await aliceContext.setOffline(true);
  await send(alice, 'See you at 6');
  await expect(row(alice, 'See you at 6').getByLabel('Pending')).toBeVisible();
  const editMenu = await openMenu(alice, 'See you at 6');
  await expect(editMenu.getByRole('button', { name: 'Reply' })).toBeVisible();
  await expect(editMenu.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await aliceContext.setOffline(false);
  await editMenu.getByRole('button', { name: 'Edit' }).click();
  const editing = alice.getByRole('dialog', { name: 'Edit' });
  await editing.getByLabel('New text').fill('See you at 7');
  await editing.getByRole('button', { name: 'Save' }).click();
  await expect(row(bob, 'See you at 7').getByText('edited')).toBeVisible();
  await expect(row(bob, 'See you at 6')).toHaveCount(0);

  // Alice deletes a message for everyone; it is gone on Bob's screen too.
  await send(alice, 'Meant for someone else');
  await expect(row(bob, 'Meant for someone else')).toBeVisible();
  const deleteMenu = await openMenu(alice, 'Meant for someone else');
  await deleteMenu.getByRole('button', { name: 'Delete for everyone' }).click();
  await alice
    .getByRole('dialog', { name: 'Delete for everyone' })
    .getByRole('button', { name: 'Delete for everyone' })
    .click();
  await expect(row(bob, 'Meant for someone else')).toHaveCount(0);
  await expect(bob.getByText('This message was deleted.')).toBeVisible();
  await expect(row(alice, 'Meant for someone else')).toHaveCount(0);
  // Removed, not hidden: neither device keeps the text (the stored log is compacted).
  await expect.poll(() => stored(bob, 'Meant for someone else')).toEqual([]);
  await expect.poll(() => stored(alice, 'Meant for someone else')).toEqual([]);
  expect(await stored(bob, 'At the station')).toContain('messages');

  // Bob has the chat open: Alice's edited message is read, and its info says when.
  await expect(row(alice, 'See you at 7').getByLabel('Read')).toBeVisible();
  const infoMenu = await openMenu(alice, 'See you at 7');
  await infoMenu.getByRole('button', { name: 'Info' }).click();
  const info = alice.getByRole('dialog', { name: 'Info' });
  await expect(info.locator('dd time')).toHaveCount(3);
  await expect(info.getByText('Not yet')).toHaveCount(0);

  await aliceContext.close();
  await bobContext.close();
});
