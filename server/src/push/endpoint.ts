/**
 * Which push endpoints the server will POST to. A subscription's endpoint comes from a browser,
 * that is from anyone, so it must not turn the server into a way to reach its own network: it
 * passes the same address guard as webhooks (webhooks/address-guard.ts) — HTTPS to public
 * addresses only — when it is registered and again at every push, where the name is resolved
 * once and the push connects to the address that was checked. Plain HTTP to a loopback address is
 * allowed only outside production, for tests and local push services.
 */
import {
  checkWebhookUrl,
  systemResolver,
  type GuardOptions,
  type Resolver,
} from '../webhooks/address-guard.ts';

export interface EndpointPolicy {
  allowLoopbackHttp: boolean;
}

/** The guard's options for push: never private addresses, loopback http only if allowed. */
export function pushGuard(policy: EndpointPolicy): GuardOptions {
  return { allowPrivate: false, allowLoopbackHttp: policy.allowLoopbackHttp };
}

/** Null when `endpoint` may receive pushes, or why not. Resolves its host now. */
export function checkPushEndpoint(
  endpoint: string,
  policy: EndpointPolicy,
  resolve: Resolver = systemResolver,
): Promise<string | null> {
  return checkWebhookUrl(endpoint, pushGuard(policy), resolve);
}
