/**
 * A PDF's page count and its first page as a JPEG, rendered on the sender's device with pdf.js.
 * Loaded only when a PDF is picked (pdf.js is large); its worker is a file of this build, served
 * from our own origin (the CSP allows workers from 'self' only), and pdf.js is told not to
 * compile code from the document (`isEvalSupported: false`: the CSP has no 'unsafe-eval').
 */
import { GlobalWorkerOptions, getDocument } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

/** Pixels of the preview's width. */
const previewWidth = 480;

export interface PdfPreview {
  pages: number;
  image: Blob;
}

export async function renderPdfPreview(file: Blob): Promise<PdfPreview> {
  const data = new Uint8Array(await file.arrayBuffer());
  const task = getDocument({ data, isEvalSupported: false });
  const pdf = await task.promise;
  try {
    const page = await pdf.getPage(1);
    const unscaled = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: previewWidth / unscaled.width });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(viewport.width);
    canvas.height = Math.min(Math.round(viewport.height), previewWidth * 2);
    const context = canvas.getContext('2d')!;
    // Transparent pages preview as on paper.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas, canvasContext: context, viewport }).promise;
    const image = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('No preview'))),
        'image/jpeg',
        0.85,
      ),
    );
    return { pages: pdf.numPages, image };
  } finally {
    await task.destroy();
  }
}
