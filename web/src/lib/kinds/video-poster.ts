/**
 * A video's poster frame, duration and size, taken on the sender's device: the file is opened in
 * a `<video>` (from a blob: URL, which the CSP's media-src allows), a frame a little way in is
 * drawn to a canvas as a JPEG. A video the browser cannot decode has no poster: it goes as a
 * document instead.
 */
export interface VideoFacts {
  poster: Blob;
  durationMs: number;
  width: number;
  height: number;
}

const once = (target: EventTarget, event: string, ms: number) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event}`)), ms);
    target.addEventListener(event, () => (clearTimeout(timer), resolve()), { once: true });
    target.addEventListener('error', () => (clearTimeout(timer), reject(new Error('error'))), {
      once: true,
    });
  });

export async function readVideo(file: Blob): Promise<VideoFacts> {
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  try {
    const loaded = once(video, 'loadeddata', 15_000);
    video.src = url;
    await loaded;
    // A recorded WebM often states no duration: seeking past its end makes the browser find it.
    if (!Number.isFinite(video.duration)) {
      const found = once(video, 'seeked', 15_000);
      video.currentTime = 1e9;
      await found;
    }
    const duration = Number.isFinite(video.duration) ? video.duration : 0;
    const seeked = once(video, 'seeked', 15_000);
    video.currentTime = Math.min(1, duration / 2);
    await seeked;
    const scale = Math.min(1, 640 / Math.max(video.videoWidth, 1));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(video.videoWidth * scale));
    canvas.height = Math.max(1, Math.round(video.videoHeight * scale));
    canvas.getContext('2d')!.drawImage(video, 0, 0, canvas.width, canvas.height);
    const poster = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('No poster'))),
        'image/jpeg',
        0.85,
      ),
    );
    return {
      poster,
      durationMs: Math.max(1, Math.round(duration * 1000)),
      width: video.videoWidth,
      height: video.videoHeight,
    };
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}

/** An audio file's duration, or undefined when the browser cannot read it. */
export async function readAudioDuration(file: Blob): Promise<number | undefined> {
  const url = URL.createObjectURL(file);
  const audio = new Audio();
  try {
    const loaded = once(audio, 'loadedmetadata', 10_000);
    audio.src = url;
    await loaded;
    return Number.isFinite(audio.duration) && audio.duration > 0
      ? Math.round(audio.duration * 1000)
      : undefined;
  } catch {
    return undefined;
  } finally {
    URL.revokeObjectURL(url);
  }
}
