/**
 * What `/metrics` shows (Prometheus text format, prom-client): one registry per server, so two
 * servers in one process (tests) never mix their counts. Parts count through the named metrics
 * here; gauges that are cheaper to read than to keep (sockets, loaded documents, the webhook
 * queue) are read on each scrape through `watch`.
 */
import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
} from 'prom-client';

/** Result of handing a sign-in code to its sender. */
export type DeliveryResult = 'sent' | 'failed';

export interface Watched {
  sockets: () => number;
  documents: () => number;
  /** Webhook deliveries waiting (pending) in the queue. */
  webhookQueue: () => Promise<number>;
}

export class Metrics {
  readonly registry = new Registry();
  readonly commits: Counter;
  readonly commitSeconds: Histogram;
  readonly refusals: Counter<'reason' | 'stage'>;
  readonly httpRefusals: Counter<'kind'>;
  readonly webhookFailures: Counter<'final'>;
  readonly pushFailures: Counter<'reason'>;
  /** Sign-in codes by sender and result: sent, failed, timed_out, capped (auth/code-delivery.ts). */
  readonly codeDeliveries: Counter<'sender' | 'result'>;

  constructor() {
    const counter = <L extends string>(config: CounterConfiguration<L>) =>
      new Counter<L>({ ...config, registers: [this.registry] });
    this.commits = counter({ name: 'souk_commits_total', help: 'Updates committed' });
    this.commitSeconds = new Histogram({
      name: 'souk_commit_duration_seconds',
      help: 'Time from an update reaching the submit path to its commit (gates, validation, storage)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.refusals = counter({
      name: 'souk_refusals_total',
      help: 'Updates refused, by reason code and the step that refused (business, consent, validator)',
      labelNames: ['reason', 'stage'],
    });
    this.httpRefusals = counter({
      name: 'souk_http_refusals_total',
      help: 'HTTP requests answered with an error, by error kind',
      labelNames: ['kind'],
    });
    this.webhookFailures = counter({
      name: 'souk_webhook_failures_total',
      help: 'Webhook delivery attempts that failed (final: the delivery was given up)',
      labelNames: ['final'],
    });
    this.pushFailures = counter({
      name: 'souk_push_failures_total',
      help: 'Web Push sends that failed, by reason (network, refused, error)',
      labelNames: ['reason'],
    });
    this.codeDeliveries = counter({
      name: 'souk_code_deliveries_total',
      help: 'Sign-in codes by sender and result (sent, failed, timed_out, capped by the SMS caps)',
      labelNames: ['sender', 'result'],
    });
  }

  /** Process metrics (CPU, memory, event loop): for the one server of a process, not tests. */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry, prefix: 'souk_' });
  }

  watch(watched: Watched): void {
    const gauge = (name: string, help: string, read: () => number | Promise<number>) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          this.set(await read());
        },
      });
    gauge('souk_sockets', 'Open sync sockets', watched.sockets);
    gauge('souk_documents_in_memory', 'Documents loaded in memory', watched.documents);
    gauge(
      'souk_webhook_queue_depth',
      'Webhook deliveries waiting to be sent',
      watched.webhookQueue,
    );
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** The submit path's observer (submit/submit.ts): commits, their latency, refusals by reason. */
export function observeSubmits(metrics: Metrics) {
  return (
    result: { kind: 'stored' | 'duplicate' | 'refused'; reason?: string; stage?: string },
    seconds: number,
  ): void => {
    if (result.kind === 'stored') {
      metrics.commits.inc();
      metrics.commitSeconds.observe(seconds);
    } else if (result.kind === 'refused') {
      metrics.refusals.inc({
        reason: result.reason ?? 'unknown',
        stage: result.stage ?? 'unknown',
      });
    }
  };
}
