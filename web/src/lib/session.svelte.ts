/**
 * Who is signed in on this device and how its connection is: the part of the app's state the
 * first screen needs, with no Yjs and no sync engine. The identity is cached on the device, so the
 * app opens signed in offline; the server confirms it when online.
 */
import type { App, ConnectionStatus, Me } from '@souk/sync';
import { call } from './api.ts';
import { meRoute } from './me-route.ts';
import type { DeviceMeta } from './device-meta.ts';

export class Session {
  me = $state<Me | null>(null);
  status = $state<ConnectionStatus>('offline');

  constructor(
    readonly app: App,
    private readonly meta: DeviceMeta,
  ) {}

  /** Loads the cached identity (works offline), then asks the server when there is none. */
  async restore(): Promise<void> {
    this.me = (await this.meta.get<Me>('me')) ?? null;
    if (this.me) return;
    try {
      await this.signedIn(await call(this.app, meRoute));
    } catch {
      // not signed in, or offline on a new device: the sign-in screen shows
    }
  }

  async signedIn(me: Me): Promise<void> {
    await this.meta.put('me', me);
    this.me = me;
  }

  /** The server forgets the session (the device's data goes in `AppState.forget`). */
  async signOut(): Promise<void> {
    // Loaded when asked for: its answer's schema needs zod, which the first screen goes without.
    const { signOutRoute } = await import('./sign-out-route.ts');
    await call(this.app, signOutRoute);
  }

  /** Nobody is signed in here any more. */
  clear(): void {
    this.me = null;
    this.status = 'offline';
  }
}
