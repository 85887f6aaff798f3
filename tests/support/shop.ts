/**
 * A shop set up through the real HTTP API of a running server (a process of its own, which a
 * test may kill and start again on the same port): JSON calls as either app, the operator's
 * terms published and accepted, a registered business, and customers who opt in from their own
 * sockets as their app does. Used by the process tests and the benchmarks alike, so a failed
 * step throws with the server's answer rather than asserting.
 */
import { runCli } from '@souk/server';
import { signIn, type SignedIn } from './people.ts';
import { rawParty } from './raw-party.ts';

export type App = 'personal' | 'business';
export type Call = (method: string, path: string, body?: unknown) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** JSON calls as `who` from `app`, to the server at `url()` (read at each call: it may restart). */
export function caller(url: () => string, who: SignedIn, app: App): Call {
  return async (method, path, body) => {
    const base = url();
    const response = await fetch(`${base}/api${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-souk-app': app,
        cookie: who.cookie,
        origin: base,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

export interface Shop {
  who: SignedIn;
  /** Calls as the shop, from the business app. */
  call: Call;
  business: { id: string; name: string };
}

/** Makes `phone` a platform operator with the CLI, in the storage of `env` (before a server starts). */
export async function createOperator(env: Record<string, string>, phone: string): Promise<void> {
  if ((await runCli(['create-operator', '--phone', phone], env, () => {})) !== 0)
    throw new Error('create-operator failed');
}

/**
 * The operator (`operatorPhone`, made with `createOperator`) publishes the terms; `shopPhone` signs in to
 * the business app, accepts them and registers `name`.
 */
export async function openShop(
  url: () => string,
  phones: { operator: string; shop: string },
  name: string,
): Promise<Shop> {
  const operator = caller(url, await signIn(url(), phones.operator), 'personal');
  const versions: Record<string, number> = {};
  for (const kind of ['tos', 'privacy'])
    versions[kind] = (await operator('POST', '/admin/terms', { kind, text: kind })).version;
  const who = await signIn(url(), phones.shop, 'business');
  const call = caller(url, who, 'business');
  await call('POST', '/business/terms/accept', versions);
  const business = await call('POST', '/business/register', { name, category: 'retail' });
  return { who, call, business };
}

/** `who` says yes (or no) to the business's updates in their own preferences, from a socket. */
export async function optIn(
  url: string,
  who: SignedIn,
  businessId: string,
  optedIn = true,
): Promise<void> {
  const party = await rawParty(url, who);
  try {
    await party.open(`prefs:${who.id}`);
    const frame = await party.write(`prefs:${who.id}`, (d) =>
      d.getMap('prefs').set(`optIn:${businessId}`, optedIn),
    );
    if (frame.type !== 'ack') throw new Error(`opt-in refused: ${JSON.stringify(frame)}`);
  } finally {
    party.close();
  }
}
