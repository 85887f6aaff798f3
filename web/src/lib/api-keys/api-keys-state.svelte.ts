/**
 * The Business API screen's state: the keys, the new key shown once, the webhook endpoint (its
 * secret shown once) and the delivery log, all from `/api/business/*` (online only: nothing
 * here is useful offline, and a key must never be stored on the device).
 */
import type {
  ApiKeyInfo,
  ApiScope,
  CreatedApiKey,
  WebhookDelivery,
  WebhookEndpoint,
} from '@souk/sync';
import { api } from '$lib/api.ts';
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
        api<ApiKeyInfo[]>('business', '/business/api-keys'),
        api<WebhookEndpoint | null>('business', '/business/webhook'),
        api<WebhookDelivery[]>('business', '/business/webhook/deliveries'),
      ]);
      this.keys = keys;
      this.endpoint = endpoint;
      this.deliveries = deliveries;
    });
  }

  async create(name: string, scopes: ApiScope[]): Promise<void> {
    await this.run(async () => {
      this.created = await api<CreatedApiKey>('business', '/business/api-keys', {
        body: { name, scopes },
      });
      this.keys = await api<ApiKeyInfo[]>('business', '/business/api-keys');
    });
  }

  async revoke(id: string): Promise<void> {
    await this.run(async () => {
      await api('business', `/business/api-keys/${id}`, { method: 'DELETE' });
      this.keys = await api<ApiKeyInfo[]>('business', '/business/api-keys');
    });
  }

  async setEndpoint(url: string): Promise<void> {
    await this.run(async () => {
      const saved = await api<WebhookEndpoint>('business', '/business/webhook', {
        method: 'PUT',
        body: { url },
      });
      this.secret = saved.secret ?? null;
      this.endpoint = { url: saved.url, createdAt: saved.createdAt };
    });
  }

  async removeEndpoint(): Promise<void> {
    await this.run(async () => {
      await api('business', '/business/webhook', { method: 'DELETE' });
      this.endpoint = null;
      this.secret = null;
    });
  }

  async refreshDeliveries(): Promise<void> {
    await this.run(async () => {
      this.deliveries = await api<WebhookDelivery[]>('business', '/business/webhook/deliveries');
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
