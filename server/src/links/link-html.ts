/**
 * The HTML a link (`/c/<handle>`) answers with, so a shared link previews without running any
 * script: Open Graph and Twitter card tags with the business's name, description and photo, in the
 * web app's shell (whose Content-Security-Policy and inline-script hash stay as built: only tags
 * that run nothing are added), plus the page's text in `<noscript>`. Every value is escaped.
 * Without a built web app, a small page of its own under a policy that runs nothing.
 */
import type { LinkPage } from '@souk/sync';

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c]!);
}

/** A policy for the page made here: nothing runs, only the app's own images and styles. */
export const standalonePolicy =
  "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";

function summary(page: LinkPage): string {
  const text = page.description?.trim() || `Message ${page.name} on Souk.`;
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** The tags a link preview reads; absolute URLs below `origin`. */
export function previewTags(page: LinkPage, origin: string): string {
  const title = `${page.name}${page.verified ? ' ✅' : ''}`;
  const url = `${origin}/c/${page.handle}`;
  const tags: Array<[attr: 'property' | 'name', key: string, value: string]> = [
    ['name', 'description', summary(page)],
    ['property', 'og:type', 'website'],
    ['property', 'og:site_name', 'Souk'],
    ['property', 'og:title', title],
    ['property', 'og:description', summary(page)],
    ['property', 'og:url', url],
    ['name', 'twitter:card', 'summary'],
    ['name', 'twitter:title', title],
    ['name', 'twitter:description', summary(page)],
  ];
  if (page.photo) {
    tags.push(['property', 'og:image', `${origin}${page.photo}`]);
    tags.push(['name', 'twitter:image', `${origin}${page.photo}`]);
  }
  return [
    `<title>${escapeHtml(title)} · Souk</title>`,
    `<link rel="canonical" href="${escapeHtml(url)}">`,
    ...tags.map(([attr, key, value]) => `<meta ${attr}="${key}" content="${escapeHtml(value)}">`),
  ].join('\n    ');
}

/** What the page says to a reader without scripts. */
function noscriptBody(page: LinkPage): string {
  const photo = page.photo
    ? `<img src="${escapeHtml(page.photo)}" alt="" width="88" height="88">`
    : '';
  const description = page.description ? `<p>${escapeHtml(page.description)}</p>` : '';
  return `<noscript><main>${photo}<h1>${escapeHtml(page.name)}${page.verified ? ' ✅' : ''}</h1>${description}<p>Open this link in a browser with JavaScript to message ${escapeHtml(page.name)} on Souk.</p></main></noscript>`;
}

/**
 * The shell with the preview tags (its own `<title>` and description give way), or a page of its
 * own when there is no shell.
 */
export function linkHtml(shell: string | null, page: LinkPage, origin: string): string {
  const tags = previewTags(page, origin);
  if (shell === null)
    return `<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8">\n    <meta name="viewport" content="width=device-width, initial-scale=1">\n    ${tags}\n  </head>\n  <body>${noscriptBody(page).replace(/<\/?noscript>/g, '')}</body>\n</html>\n`;
  const head = shell
    .replace(/<title>[^<]*<\/title>/i, '')
    .replace(/<meta\s+name="description"[^>]*>/i, '');
  return head
    .replace(/<\/head>/i, () => `  ${tags}\n  </head>`)
    .replace(/<body([^>]*)>/i, (tag) => `${tag}${noscriptBody(page)}`);
}

/** A page for a link that leads nowhere. */
export function notFoundHtml(shell: string | null): string {
  return (
    shell ??
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>No such link · Souk</title></head><body><main><h1>No business has this link.</h1></main></body></html>\n'
  );
}
