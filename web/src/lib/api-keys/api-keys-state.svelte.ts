/**
 * The Business API screen's state: the keys, the new key shown once, the webhook endpoint (its
 * secret shown once) and the delivery log, all from `/api/business/*` (online only: nothing
 * here is useful offline, and a key must never be stored on the device).
 */
import {
  apiSettingsRoutes as routes,
  type ApiKeyInfo,
  type ApiScope,
  type CreatedApiKey,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '@souk/sync';
import { call } from '$lib/api.ts';
import { describeError } from '$lib/errors.ts';

export class ApiKeysState {
  keys = $state<ApiKeyInfo[]>([]);
  created = $state<CreatedApiKey | null>(null);
  endpoint = $state<WebhookEndpoint | null>(null);
  secret = $state<string | null>(null);
  deliveries = $state<WebhookDelivery[]>([]);
  error = $state('');
  busy = $state(false);

  async load(): Promise<void> {
    await this.run(async () => {
      const [keys, endpoint, deliveries] = await Promise.all([
        call('business', routes.keys),
        call('business', routes.webhook),
        call('business', routes.deliveries),
      ]);
      this.keys = keys;
      this.endpoint = endpoint;
      this.deliveries = deliveries;
    });
  }

  async create(name: string, scopes: ApiScope[]): Promise<void> {
    await this.run(async () => {
      this.created = await call('business', routes.createKey, { body: { name, scopes } });
      this.keys = await call('business', routes.keys);
    });
  }

  async revoke(id: string): Promise<void> {
    await this.run(async () => {
      await call('business', routes.revokeKey, { params: { id } });
      this.keys = await call('business', routes.keys);
    });
  }

  async setEndpoint(url: string): Promise<void> {
    await this.run(async () => {
      const saved = await call('business', routes.setWebhook, { body: { url } });
      this.secret = saved.secret ?? null;
      this.endpoint = { url: saved.url, createdAt: saved.createdAt };
    });
  }

  async removeEndpoint(): Promise<void> {
    await this.run(async () => {
      await call('business', routes.removeWebhook);
      this.endpoint = null;
      this.secret = null;
    });
  }

  async refreshDeliveries(): Promise<void> {
    await this.run(async () => {
      this.deliveries = await call('business', routes.deliveries);
    });
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    try {
      await work();
      this.error = '';
    } catch (e) {
      this.error = describeError(e);
    } finally {
      this.busy = false;
    }
  }
}
