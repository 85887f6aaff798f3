/**
 * Broadcasts, put together: the preview, starting a job, its progress, results and cancelling
 * (the routes in http/broadcast-routes.ts), and the runner that sends the stored jobs.
 */
import { SoukError, type BroadcastJob, type BroadcastPreview } from '@souk/sync';
import type { Sender } from '../business/customers.ts';
import { resolveAudience, type AudienceDeps, type AudienceRequest } from './broadcast-audience.ts';
import { BroadcastJobs } from './broadcast-jobs.ts';
import { previewOf } from './broadcast-preview.ts';
import { BroadcastRunner, type RunnerDeps, type RunnerOptions } from './broadcast-runner.ts';
import type { CreateOptions } from './broadcast-create.ts';

export type BroadcastDeps = AudienceDeps & RunnerDeps;

export class Broadcasts {
  readonly jobs: BroadcastJobs;
  readonly runner: BroadcastRunner;

  constructor(
    private readonly deps: BroadcastDeps,
    options: RunnerOptions & Pick<CreateOptions, 'batchSize' | 'afterBatch'>,
  ) {
    this.jobs = new BroadcastJobs(deps.db, deps.clock, options);
    this.runner = new BroadcastRunner({ ...deps, sweep: () => this.jobs.creator.sweep() }, options);
  }

  async preview(business: Sender, request: AudienceRequest): Promise<BroadcastPreview> {
    const audience = await resolveAudience(this.deps, business.id, request);
    return previewOf(this.deps, business, audience, request.language);
  }

  /** Stores the job (once per key) and starts sending it. */
  async start(
    business: Sender,
    request: AudienceRequest & { key?: string | undefined },
  ): Promise<BroadcastJob> {
    if (business.suspended)
      throw new SoukError('forbidden', 'Your business is suspended: it cannot send broadcasts.');
    const audience = await resolveAudience(this.deps, business.id, request);
    const fingerprint = { ...request, key: undefined };
    const job = await this.jobs.create(business.id, request, audience, fingerprint);
    this.runner.kick();
    return job;
  }

  /**
   * Cancels the job and answers once this process stopped sending it, so the answer's counts
   * are final (another process sending it starts no further send; its sends under way land).
   */
  async cancel(businessId: string, id: string): Promise<BroadcastJob> {
    await this.jobs.cancel(businessId, id);
    await this.runner.letGo(id);
    return this.jobs.progress(businessId, id);
  }
}
