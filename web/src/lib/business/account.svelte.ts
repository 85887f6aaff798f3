/**
 * The business app's standing with the platform: terms accepted, registered, suspended. The
 * server decides (every business route is gated); this only learns the answer and remembers the
 * last one, so a registered business opens straight into its inbox when offline. It asks at start
 * and sign-in, and again whenever the platform publishes a new terms version (the announcements
 * document carries the versions), the server refuses an action for the business's standing, the
 * app comes back on screen or goes online again.
 *
 * A registered business that meets a newer terms version is not taken off its screen: it stays in
 * its inbox with a banner (`renew`), writing held back, until it opens and accepts the terms.
 */
import {
  SoukError,
  type BusinessCategory,
  type BusinessRecord,
  type CurrentTerms,
  legalKinds,
  type LegalKind,
  type Verification,
} from '@souk/sync';
import { call, OfflineError, refusedEvent, type Refused } from '$lib/api.ts';
import { describeError } from '$lib/errors.ts';
import type { DeviceMeta } from '$lib/device-meta.ts';
import { loadOnboarding, loadTermsBanner } from './standing-screens.ts';
import { businessMeRoute, currentTermsRoute } from './standing-routes.ts';

/** Accepting and registering, loaded when the business does either (standing-actions.ts). */
const actions = () => import('./standing-actions.ts');

/** `terms`: first acceptance, before the inbox; `renew`: a newer version, inbox on screen. */
export type Standing = 'loading' | 'terms' | 'register' | 'ready' | 'renew';

interface Me {
  business: BusinessRecord | null;
  names: Array<{ name: string; since: number }>;
  /** Absent in what an older version cached. */
  verification?: Verification | null;
}

export class BusinessAccount {
  standing = $state<Standing>('loading');
  record = $state<BusinessRecord | null>(null);
  names = $state<Me['names']>([]);
  terms = $state<CurrentTerms | null>(null);
  /** Held back by the platform (suspension), with the reason the operator wrote: a banner. */
  suspended = $state<{ note: string } | null>(null);
  /** The newest verification request, pending or decided. */
  verification = $state<Verification | null>(null);
  error = $state('');
  /** Terms to accept or a business to register before the inbox opens. */
  readonly onboarding = $derived(this.standing === 'terms' || this.standing === 'register');
  /** Newer terms to accept: the inbox stays readable, sending waits for the acceptance. */
  readonly held = $derived(this.standing === 'renew');
  /** The terms are open for review (the business chose to, from the banner). */
  reviewing = $state(false);

  private checking: Promise<void> | null = null;
  /** Asked again while a check was in flight: that answer may predate the reason to ask. */
  private askAgain = false;
  /** The versions current when the server last let the business through: accepted ones. */
  private accepted: Record<LegalKind, number> | null = null;

  constructor(private readonly meta: DeviceMeta) {}

  /** Loads the screen the standing shows instead of the inbox or above it, if any. */
  screen(): Promise<unknown> {
    if (this.onboarding) return loadOnboarding();
    return this.held ? loadTermsBanner() : Promise.resolve();
  }

  /** Asks the server again; not before the first answer (init asks then). */
  recheck(): Promise<void> {
    if (this.standing === 'loading' && !this.checking) return Promise.resolve();
    return this.refresh();
  }

  /** The announcements document names newer versions than accepted: ask whether they apply. */
  termsPublished(versions: Partial<Record<LegalKind, number>>): void {
    const accepted = this.accepted;
    if (accepted && legalKinds.some((kind) => (versions[kind] ?? 0) > accepted[kind]))
      void this.recheck();
  }

  /** Re-checks on a refusal over HTTP, on coming back on screen, on coming online; returns the stop. */
  watch(): () => void {
    const refused = (event: Event) => {
      // Already waiting for an acceptance: every request is refused until then.
      if ((event as CustomEvent<Refused>).detail.app === 'business' && !this.waitsForTerms)
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

  private get waitsForTerms(): boolean {
    return this.standing === 'terms' || this.standing === 'renew';
  }

  /** Asks the server, one request at a time; a call during one asks once more after it. */
  refresh(): Promise<void> {
    if (this.checking) {
      this.askAgain = true;
      return this.checking;
    }
    this.checking = (async () => {
      do {
        this.askAgain = false;
        await this.ask();
      } while (this.askAgain);
    })().finally(() => (this.checking = null));
    return this.checking;
  }

  private async ask(): Promise<void> {
    try {
      // Asked first: once the server lets the business through, it accepted at least these.
      const terms = await call('business', currentTermsRoute);
      const me = await call('business', businessMeRoute);
      this.accepted = { tos: terms.tos?.version ?? 0, privacy: terms.privacy?.version ?? 0 };
      this.suspended = null;
      this.record = me.business;
      this.names = me.names;
      this.verification = me.verification;
      this.standing = me.business ? 'ready' : 'register';
      await this.meta.put('business', me);
    } catch (error) {
      await this.understand(error);
    }
  }

  private async understand(error: unknown): Promise<void> {
    const reason = error instanceof SoukError ? error.reason : null;
    const cached = await this.meta.get<Me>('business');
    if (reason === 'terms_not_accepted') {
      this.terms = await call('business', currentTermsRoute).catch(() => null);
      // A registered business keeps its inbox on screen; a new one accepts before anything.
      this.standing = (this.record ?? cached?.business) ? 'renew' : 'terms';
      return;
    }
    if (reason === 'business_suspended') this.suspended = { note: noteOf(error) };
    else if (!(error instanceof OfflineError)) this.error = describeError(error);
    this.record = cached?.business ?? null;
    this.names = cached?.names ?? [];
    this.verification = cached?.verification ?? null;
    // Offline with nothing cached: let the inbox open; the next refresh sorts it out.
    this.standing = cached && !cached.business ? 'register' : 'ready';
  }

  async acceptTerms(): Promise<void> {
    if (!this.terms?.tos || !this.terms.privacy) return;
    const { acceptTermsRoute } = await actions();
    try {
      await call('business', acceptTermsRoute, {
        body: { tos: this.terms.tos.version, privacy: this.terms.privacy.version },
      });
    } catch (error) {
      // An even newer version was published meanwhile: show that one (and say why).
      if (error instanceof SoukError && error.kind === 'conflict') await this.refresh();
      throw error;
    }
    this.reviewing = false;
    await this.refresh();
  }

  async register(name: string, category: BusinessCategory, handle?: string): Promise<void> {
    const body = handle === undefined ? { name, category } : { name, category, handle };
    const { registerRoute } = await actions();
    await call('business', registerRoute, { body });
    await this.refresh();
  }
}

/** The operator's reason a suspension's refusal carries (`details.note`), or ''. */
function noteOf(error: unknown): string {
  const note = error instanceof SoukError ? error.details?.note : undefined;
  return typeof note === 'string' ? note : '';
}
