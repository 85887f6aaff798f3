/**
 * Recording a voice note with MediaRecorder: Opus in WebM where the browser has it, else MP4/AAC
 * (Safari), else whatever it records. While it records, an analyser samples the loudness ten
 * times a second; the note's waveform is those samples folded into at most `waveformBars` bars.
 */
import { mediaKindLimits } from '@souk/sync';

export const waveformBars = 64;

const preferredTypes = [
  'audio/webm;codecs=opus',
  'audio/webm',
  'audio/mp4;codecs=mp4a.40.2',
  'audio/mp4',
];

export interface RecordedVoice {
  file: Blob;
  name: string;
  durationMs: number;
  waveform: number[];
}

export interface Recording {
  /** Loudness samples so far (0–255), for the live meter. */
  readonly levels: number[];
  elapsedMs(): number;
  stop(): Promise<RecordedVoice>;
  cancel(): void;
}

export function recordingSupported(): boolean {
  return typeof MediaRecorder !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
}

/** Starts recording from the microphone (asks for it first); throws if it is not available. */
export async function startRecording(): Promise<Recording> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const mimeType = preferredTypes.find((type) => MediaRecorder.isTypeSupported(type));
  const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
  const chunks: Blob[] = [];
  recorder.ondataavailable = (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  };
  const context = new AudioContext();
  void context.resume();
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  context.createMediaStreamSource(stream).connect(analyser);
  const levels: number[] = [];
  const samples = new Uint8Array(analyser.fftSize);
  const meter = setInterval(() => {
    analyser.getByteTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += ((sample - 128) / 128) ** 2;
    levels.push(Math.min(255, Math.round(Math.sqrt(sum / samples.length) * 255 * 3)));
  }, 100);
  const started = performance.now();
  // A note stops itself at the longest a voice note may be.
  const limit = setTimeout(
    () => recorder.state === 'recording' && recorder.stop(),
    mediaKindLimits.voiceMs,
  );
  recorder.start(1000);

  const release = () => {
    clearInterval(meter);
    clearTimeout(limit);
    for (const track of stream.getTracks()) track.stop();
    void context.close();
  };
  return {
    levels,
    elapsedMs: () => performance.now() - started,
    stop: () =>
      new Promise<RecordedVoice>((resolve) => {
        const durationMs = Math.max(
          1,
          Math.round(Math.min(performance.now() - started, mediaKindLimits.voiceMs)),
        );
        recorder.onstop = () => {
          release();
          const type = (recorder.mimeType || mimeType || 'audio/webm').split(';')[0]!;
          const extension = type.includes('mp4') ? 'm4a' : (type.split('/')[1] ?? 'webm');
          resolve({
            file: new Blob(chunks, { type }),
            name: `voice-${new Date().toISOString().replace(/[:.]/g, '-')}.${extension}`,
            durationMs,
            waveform: foldWaveform(levels, waveformBars),
          });
        };
        if (recorder.state === 'inactive') recorder.onstop(new Event('stop'));
        else recorder.stop();
      }),
    cancel: () => {
      recorder.onstop = null;
      if (recorder.state !== 'inactive') recorder.stop();
      release();
    },
  };
}

/** At most `bars` values: the loudest sample of each stretch, scaled so the loudest bar is 255. */
export function foldWaveform(levels: readonly number[], bars: number): number[] {
  if (levels.length === 0) return [];
  const count = Math.min(bars, levels.length);
  const folded: number[] = [];
  for (let bar = 0; bar < count; bar++) {
    const from = Math.floor((bar * levels.length) / count);
    const to = Math.max(from + 1, Math.floor(((bar + 1) * levels.length) / count));
    folded.push(Math.max(...levels.slice(from, to)));
  }
  const peak = Math.max(...folded, 1);
  return folded.map((level) => Math.round((level / peak) * 255));
}
