import { describe, expect, it } from 'vitest';
import { policyOfHtml } from './shell-policy.ts';

describe('policyOfHtml', () => {
  it("reads SvelteKit's meta tag and adds frame-ancestors", () => {
    const html =
      "<head><meta http-equiv=\"content-security-policy\" content=\"script-src 'self' 'sha256-abc='; object-src 'none'\"></head>";
    expect(policyOfHtml(html)).toBe(
      "script-src 'self' 'sha256-abc='; object-src 'none'; frame-ancestors 'none'",
    );
  });
  it('unescapes the attribute and keeps a frame-ancestors already there', () => {
    const html =
      '<meta http-equiv="content-security-policy" content="default-src &#39;self&#39;; frame-ancestors &#39;self&#39;">';
    expect(policyOfHtml(html)).toBe("default-src 'self'; frame-ancestors 'self'");
  });
  it('is null without a policy', () => {
    expect(policyOfHtml('<head><title>x</title></head>')).toBeNull();
  });
});
