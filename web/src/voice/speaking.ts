// Speaking indicator: an AnalyserNode per stream (the microphone and each remote participant),
// sampled a few times a second; a stream is "speaking" while its level is over a threshold, and
// for a short hold after it, so the indicator does not flicker between syllables. Remote streams
// are also played by an <audio> element (session.ts): Chromium feeds a WebAudio source from a
// remote WebRTC stream silence while nothing plays that stream (docs/api-voice.md).

const SAMPLE_MS = 150;
const THRESHOLD = 0.02; // RMS of the waveform in [-1, 1]
/** How long a stream stays "speaking" after its last loud sample. */
const HOLD_MS = 600;

interface Watched {
  source: MediaStreamAudioSourceNode;
  analyser: AnalyserNode;
  buffer: Float32Array<ArrayBuffer>;
  /** performance.now() of the last sample over the threshold (-Infinity: none yet). */
  loudAt: number;
}

export class SpeakingMeter {
  private readonly context: AudioContext | null;
  private readonly watched = new Map<string, Watched>();
  private readonly timer: number;
  private last = '';

  constructor(private readonly onChange: (speaking: ReadonlySet<string>) => void) {
    this.context = typeof AudioContext === 'undefined' ? null : new AudioContext();
    this.timer = window.setInterval(() => this.sample(), SAMPLE_MS);
  }

  watch(id: string, stream: MediaStream): void {
    if (!this.context || stream.getAudioTracks().length === 0) return;
    this.unwatch(id);
    void this.context.resume().catch(() => undefined);
    const source = this.context.createMediaStreamSource(stream);
    const analyser = this.context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser); // not to the destination: the <audio> element plays remote sound
    this.watched.set(id, { source, analyser, buffer: new Float32Array(analyser.fftSize), loudAt: -Infinity });
  }

  unwatch(id: string): void {
    const w = this.watched.get(id);
    if (!w) return;
    w.source.disconnect();
    this.watched.delete(id);
  }

  close(): void {
    window.clearInterval(this.timer);
    for (const id of [...this.watched.keys()]) this.unwatch(id);
    void this.context?.close().catch(() => undefined);
  }

  /** The AudioContext's state ("running", "suspended", …), null without WebAudio; for tests. */
  get audioState(): string | null {
    return this.context?.state ?? null;
  }

  private sample(): void {
    // A context created without a recent user gesture may start suspended: keep asking.
    if (this.context?.state === 'suspended') void this.context.resume().catch(() => undefined);
    const at = performance.now();
    const now = new Set<string>();
    for (const [id, w] of this.watched) {
      w.analyser.getFloatTimeDomainData(w.buffer);
      let sum = 0;
      for (const v of w.buffer) sum += v * v;
      if (Math.sqrt(sum / w.buffer.length) > THRESHOLD) w.loudAt = at;
      if (at - w.loudAt <= HOLD_MS) now.add(id);
    }
    const key = [...now].sort().join(',');
    if (key !== this.last) {
      this.last = key;
      this.onChange(now);
    }
  }
}
