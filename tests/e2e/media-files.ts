/**
 * What the media specs (media-kinds, every-kind) send: Chromium's fake microphone and camera
 * (launch options those specs opt into, with the contexts' permissions), a PDF, a short video
 * recorded from the fake camera, and the composer's voice recorder driven as a person would.
 */
import { expect, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium.ts';

/** For `test.use`: a fake microphone and camera, granted without asking; media plays at once. */
export const fakeMediaLaunchOptions = {
  ...chromiumLaunchOptions,
  args: [
    ...chromiumLaunchOptions.args,
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
  ],
};
/** A browser context's permissions for them. */
export const mediaPermissions = ['microphone', 'camera'];

/** A PDF of `pages` pages, each saying its number: a file pdf.js reads as any other. */
export function pdfOf(pages: number): Buffer {
  const objects: string[] = [];
  const kids = Array.from({ length: pages }, (_, i) => `${4 + i * 2} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  for (let page = 1; page <= pages; page++) {
    const text = `BT /F1 48 Tf 72 700 Td (Invoice page ${page}) Tj ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + (page - 1) * 2} 0 R >>`,
    );
    objects.push(`<< /Length ${text.length} >>\nstream\n${text}\nendstream`);
  }
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** `seconds` of a quiet WAV (8 kHz, 8-bit mono): an audio file the server sniffs as audio. */
export function wavOf(seconds: number): Buffer {
  const samples = 8000 * seconds;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, Buffer.alloc(samples, 128)]);
}

/** Two seconds of the fake camera, recorded in the page as WebM: a file to pick. */
export async function recordedVideo(page: Page, name = 'clip.webm') {
  const base64 = await page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    const recorder = new MediaRecorder(stream, { mimeType: 'video/webm' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    recorder.stop();
    await stopped;
    for (const track of stream.getTracks()) track.stop();
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
  return { name, mimeType: 'video/webm', buffer: Buffer.from(base64, 'base64') };
}

/** Records a voice note of two seconds or more from the fake microphone and sends it. */
export async function recordVoice(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Record a voice note' }).click();
  const timer = page.getByRole('timer', { name: 'Recording' });
  await expect(timer).toHaveText(/^0:0[2-9]$/, { timeout: 10_000 });
  await page.getByRole('button', { name: 'Send voice note' }).click();
  await expect(page.getByRole('button', { name: 'Record a voice note' })).toBeVisible();
}
