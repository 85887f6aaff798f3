/**
 * "Install": where the browser offers it (`beforeinstallprompt`: Chromium browsers, once the app
 * is installable), the event is kept and Settings shows an Install button that replays it.
 * Elsewhere (Safari, Firefox, or already installed) there is no button.
 */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

class Install {
  #offer = $state<BeforeInstallPromptEvent | null>(null);
  #listening = false;

  get available(): boolean {
    return this.#offer !== null;
  }

  /** Starts listening (once, at start-up: the browser may offer it before Settings opens). */
  listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    addEventListener('beforeinstallprompt', (event) => {
      // Keep the offer for the button instead of the browser's own mini-bar.
      event.preventDefault();
      this.#offer = event as BeforeInstallPromptEvent;
    });
    addEventListener('appinstalled', () => (this.#offer = null));
  }

  /** Shows the browser's install dialog; an offer can be used once. */
  async run(): Promise<void> {
    const offer = this.#offer;
    if (!offer) return;
    this.#offer = null;
    await offer.prompt();
    await offer.userChoice;
  }
}

export const install = new Install();
