import type { StepProgress } from '../training/train-options.js';

export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '--:--';
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  return `${String(minutes).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
};

/**
 * Step progress of one run: a redrawn bar with the ETA on a terminal, at most one plain line per
 * epoch otherwise (logs stay readable).
 */
export class ProgressReporter {
  private started = 0;
  private firstDone = 0;
  private lastDraw = 0;

  constructor(
    private readonly stream: OutputStream,
    private readonly label: string,
    private readonly epochs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  step(progress: StepProgress): void {
    const time = this.now();
    const done = (progress.epoch - 1) * progress.batches + progress.batch;
    const total = this.epochs * progress.batches;
    if (this.started === 0) {
      this.started = time;
      this.firstDone = done;
    }
    if (this.stream.isTTY !== true) return;
    if (time - this.lastDraw < 100 && done < total) return;
    this.lastDraw = time;
    const elapsed = (time - this.started) / 1000;
    // The rate since the first step seen (its own time is unknown), times the steps left.
    const eta = done === this.firstDone ? Number.NaN : (elapsed * (total - done)) / (done - this.firstDone);
    const width = Math.max(10, Math.min(30, (this.stream.columns ?? 80) - 60));
    const filled = Math.round((width * done) / total);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    this.stream.write(`\r${this.label.padEnd(12)} epoch ${progress.epoch}/${this.epochs} ${bar} ${Math.round((100 * done) / total)}% loss ${progress.loss.toFixed(4)} ETA ${formatDuration(eta)}\u001b[K`);
  }

  epoch(line: string): void {
    this.stream.write(this.stream.isTTY === true ? `\r${line}\u001b[K\n` : `${line}\n`);
  }
}
