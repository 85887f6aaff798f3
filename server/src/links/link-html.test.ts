import { describe, expect, it } from 'vitest';
import type { LinkPage } from '@souk/sync';
import { linkHtml, notFoundHtml } from './link-html.ts';

const hostile: LinkPage = {
  handle: 'tienda',
  businessId: 'b1',
  name: `Tom & Jerry's "Shop"`,
  verified: true,
  category: 'food',
  photo: '/media/abcdefgh.jpg',
  description: '</title><script>alert(1)</script><img src=x onerror=alert(2)>',
  hours: null,
};

describe('linkHtml without a built app', () => {
  const html = linkHtml(null, hostile, 'https://souk.example');

  it('runs nothing and escapes every value', () => {
    expect(html).not.toMatch(/<script|<img src=x/i);
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<title>Tom &amp; Jerry&#39;s &quot;Shop&quot; ✅ · Souk</title>');
  });

  it('carries the preview tags with absolute URLs', () => {
    expect(html).toContain('<meta property="og:url" content="https://souk.example/c/tienda">');
    expect(html).toContain(
      '<meta property="og:image" content="https://souk.example/media/abcdefgh.jpg">',
    );
    expect(html).toContain(
      '<meta name="twitter:image" content="https://souk.example/media/abcdefgh.jpg">',
    );
    expect(html).not.toContain('<noscript>'); // its own page shows the text to everyone
  });

  it('has a page for a link that leads nowhere', () => {
    expect(notFoundHtml(null)).toContain('No business has this link.');
  });
});
