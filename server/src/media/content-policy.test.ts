/** How uploaded bytes are served: the type from the bytes, active content never inline. */
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { servedAs, sniff } from './content-policy.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('content policy', () => {
  it('shows a real image inline, whatever it was called', async () => {
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    expect(servedAs(await sniff(png))).toEqual({ contentType: 'image/png', disposition: 'inline' });
  });

  it.each([
    ['HTML', '<!doctype html><script>alert(1)</script>'],
    ['SVG', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['XML', '<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml"/>'],
  ])('serves %s only as an opaque attachment', async (_, source) => {
    expect(servedAs(await sniff(text(source)))).toEqual({
      contentType: 'application/octet-stream',
      disposition: 'attachment',
    });
  });

  it('keeps a document its type, as an attachment', async () => {
    const pdf = text('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    expect(servedAs(await sniff(pdf))).toEqual({
      contentType: 'application/pdf',
      disposition: 'attachment',
    });
  });
});
