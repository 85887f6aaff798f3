/**
 * The app's Content-Security-Policy, as the build wrote it: SvelteKit puts the policy, with the
 * hash of the shell's inline bootstrap script, in a `<meta http-equiv>` tag of the built HTML
 * (web/vite.config.ts). The server sends the same policy as a header, adding what a meta tag
 * cannot carry (`frame-ancestors`). Read again whenever the file changes (a rebuild).
 */
import { readFileSync, statSync } from 'node:fs';

const metaTag = /<meta\s+http-equiv="content-security-policy"\s+content="([^"]*)"\s*\/?>/i;

const entities: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': "'", '&lt;': '<' };

/** The policy of one built HTML file's meta tag, with `frame-ancestors 'none'`; null without one. */
export function policyOfHtml(html: string): string | null {
  const content = metaTag.exec(html)?.[1];
  if (content === undefined) return null;
  const policy = content.replace(/&(amp|quot|#39|lt);/g, (entity) => entities[entity] ?? entity);
  return /(^|;)\s*frame-ancestors\s/.test(policy) ? policy : `${policy}; frame-ancestors 'none'`;
}

/** Without a policy in the build (an old or foreign build): at least no framing. */
export const fallbackPolicy = "frame-ancestors 'none'";

export class ShellPolicies {
  private readonly cache = new Map<string, { mtimeMs: number; policy: string }>();
  private warned = false;

  constructor(private readonly onMissing: (path: string) => void) {}

  /** The policy the HTML file at `path` (absolute) carries. */
  of(path: string): string {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(path).mtimeMs;
    } catch {
      return fallbackPolicy;
    }
    const cached = this.cache.get(path);
    if (cached?.mtimeMs === mtimeMs) return cached.policy;
    const policy = policyOfHtml(readFileSync(path, 'utf8'));
    if (policy === null && !this.warned) {
      this.warned = true;
      this.onMissing(path);
    }
    this.cache.set(path, { mtimeMs, policy: policy ?? fallbackPolicy });
    return policy ?? fallbackPolicy;
  }
}
