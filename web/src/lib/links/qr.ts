/**
 * A link as a QR code, made on the device by the `qrcode` package, loaded only when a QR code is
 * shown (it stays out of the first screen's scripts). Error correction M: a sticker that is a bit
 * scratched or dirty still scans.
 */
export interface QrImages {
  /** The code as SVG text (for a download and for print, sharp at any size). */
  svg: string;
  /** `data:image/svg+xml` of the same, for an `<img>`. */
  svgUrl: string;
  /** A 1024 px PNG as a data URL. */
  pngUrl: string;
}

export async function qrImages(text: string): Promise<QrImages> {
  const { default: QRCode } = await import('qrcode');
  const options = { errorCorrectionLevel: 'M', margin: 2 } as const;
  const svg = await QRCode.toString(text, { ...options, type: 'svg' });
  const pngUrl = await QRCode.toDataURL(text, { ...options, width: 1024 });
  return { svg, svgUrl: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, pngUrl };
}

/** Saves `data` under `filename` through a temporary object URL. */
export function download(filename: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A base64 data URL's bytes (decoded here: the policy lets no fetch read a data: URL). */
export function dataUrlBlob(url: string): Blob {
  const [head, base64 = ''] = url.split(',', 2);
  const type = /^data:([^;,]+)/.exec(head ?? '')?.[1] ?? 'application/octet-stream';
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type });
}
