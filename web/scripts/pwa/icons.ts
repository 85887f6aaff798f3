/**
 * Draws the apps' PNG icons from one SVG per app (static/icon.svg, static/business/icon.svg are
 * written from the same drawing): the plain icons, the maskable ones (full-bleed colour, the mark
 * inside the 80 % safe circle, so a launcher may cut any shape) and Apple's touch icon (opaque,
 * square: iOS rounds the corners itself). Run after changing the drawing, and commit the files:
 *   pnpm --filter @souk/web exec node --import tsx scripts/pwa/icons.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const apps = [
  { dir: 'static', colour: '#0b6e4f', letter: 'S' },
  { dir: 'static/business', colour: '#1d4f73', letter: 'B' },
];

/** The mark: a white speech bubble with the app's letter. */
const mark = (colour: string, letter: string) =>
  `<path d="M140 150h232a40 40 0 0 1 40 40v120a40 40 0 0 1-40 40H250l-80 62v-62h-30a40 40 0 0 1-40-40V190a40 40 0 0 1 40-40z" fill="#fff"/>` +
  `<text x="256" y="292" font-family="Arial, sans-serif" font-size="150" font-weight="700" text-anchor="middle" fill="${colour}">${letter}</text>`;

const svg = (body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">${body}</svg>`;

const root = fileURLToPath(new URL('../../', import.meta.url));
for (const { dir, colour, letter } of apps) {
  const plain = svg(
    `<rect width="512" height="512" rx="96" fill="${colour}"/>${mark(colour, letter)}`,
  );
  const square = svg(`<rect width="512" height="512" fill="${colour}"/>${mark(colour, letter)}`);
  const maskable = svg(
    `<rect width="512" height="512" fill="${colour}"/><g transform="translate(51.2 51.2) scale(0.8)">${mark(colour, letter)}</g>`,
  );
  writeFileSync(`${root}${dir}/icon.svg`, plain + '\n');
  const png = (drawing: string, size: number, name: string) =>
    sharp(Buffer.from(drawing), { density: 72 * (size / 512) * 4 })
      .resize(size, size)
      .png({ compressionLevel: 9 })
      .toFile(`${root}${dir}/${name}`);
  await png(plain, 192, 'icon-192.png');
  await png(plain, 512, 'icon-512.png');
  await png(maskable, 192, 'icon-maskable-192.png');
  await png(maskable, 512, 'icon-maskable-512.png');
  await png(square, 180, 'apple-touch-icon.png');
}
