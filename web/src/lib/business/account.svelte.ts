/**
 * The business app's standing with the platform: terms accepted, registered, suspended. The
 * server decides (every business route is gated); this only learns the answer and remembers the
 * last one, so a registered business opens straight into its inbox when offline. It asks at start
 * and sign-in, and again whenever the server refuses an action for the business's standing (new
 * terms published while the app is open), when the app comes back on screen and when it is
 * online again, so the terms screen shows without a reload.
 */
import {
  SoukError,
  type BusinessCategory,
  type BusinessRecord,
  type CurrentTerms,
} from '@souk/sync';
import { api, OfflineError, refusedEvent, type Refused } from '$lib/api.ts';
import { describeError } from '$lib/errors.ts';
import type { SoukDb } from '$lib/db.ts';

export type Standing = 'loading' | 'terms' | 'register' | 'ready';

interface Me {
  business: BusinessRecord | null;
  names: Array<{ name: string; since: number }>;
}

export class BusinessAccount {
  standing = $state<Standing>('loading');
  record = $state<BusinessRecord | null>(null);
  names = $state<Me['names']>([]);
  terms = $state<CurrentTerms | null>(null);
  /** Why the platform holds the business back (suspension), shown as a banner. */
  suspended = $state<string | null>(null);
  error = $state('');
  /** Terms to accept or a business to register before the inbox opens. */
  readonly onboarding = $derived(this.standing === 'terms' || this.standing === 'register');

  private checking: Promise<void> | null = null;

  constructor(private readonly db: SoukDb) {}

  /** Asks the server again, once at a time; not before the first answer (init asks then). */
  recheck(): Promise<void> {
    if (this.standing === 'loading') return Promise.resolve();
    this.checking ??= this.refresh().finally(() => (this.checking = null));
    return this.checking;
  }

  /** Re-checks on a refusal over HTTP, on coming back on screen, on coming online; returns the stop. */
  watch(): () => void {
    const refused = (event: Event) => {
      // Already on the terms screen: its own requests are refused until it is accepted.
      if ((event as CustomEvent<Refused>).detail.app === 'business' && this.standing !== 'terms')
        void this.recheck();
    };
    const visible = () => {
      if (document.visibilityState === 'visible') void this.recheck();
    };
    const online = () => void this.recheck();
    addEventListener(refusedEvent, refused);
    document.addEventListener('visibilitychange', visible);
    addEventListener('online', online);
    return () => {
      removeEventListener(refusedEvent, refused);
      document.removeEventListener('visibilitychange', visible);
      removeEventListener('online', online);
    };
  }

  async refresh(): Promise<void> {
    try {
      const me = await api<Me>('business', '/business/me');
      this.suspended = null;
      this.record = me.business;
      this.names = me.names;
      this.standing = me.business ? 'ready' : 'register';
      await this.db.meta.put({ key: 'business', value: me });
    } catch (error) {
      await this.understand(error);
    }
  }

  private async understand(error: unknown): Promise<void> {
    const reason = error instanceof SoukError ? error.reason : null;
    if (reason === 'terms_not_accepted') {
      this.terms = await api<CurrentTerms>('business', '/terms').catch(() => null);
      this.standing = 'terms';
      return;
    }
    const cached = (await this.db.meta.get('business'))?.value as Me | undefined;
    if (reason === 'business_suspended') this.suspended = describeError(error);
    else if (!(error instanceof OfflineError)) this.error = describeError(error);
    this.record = cached?.business ?? null;
    this.names = cached?.names ?? [];
    // Offline with nothing cached: let the inbox open; the next refresh sorts it out.
    this.standing = cached && !cached.business ? 'register' : 'ready';
  }

  async acceptTerms(): Promise<void> {
    if (!this.terms?.tos || !this.terms.privacy) return;
    await api('business', '/business/terms/accept', {
      body: { tos: this.terms.tos.version, privacy: this.terms.privacy.version },
    });
    await this.refresh();
  }

  async register(name: string, category: BusinessCategory): Promise<void> {
    await api('business', '/business/register', { body: { name, category } });
    await this.refresh();
  }
}
