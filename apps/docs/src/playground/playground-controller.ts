import type { DeviceTensor } from '@rectify/activation-core';
import type { DatasetSplit } from '@rectify/trainer';
import type { PlaygroundBackend } from './backend-choice.js';
import type { PlaygroundSnapshot } from './training-run.js';
import { TrainingRun } from './training-run.js';
import type { BackendPreference, PlaygroundState } from './playground-state.js';

export type RunStatus = 'opening' | 'ready' | 'running' | 'paused' | 'failed';

/** Loss and gradient norms after each epoch, for the charts; index k is epoch k. */
export interface RunHistory {
  readonly epochs: readonly number[];
  readonly trainLoss: readonly number[];
  readonly testLoss: readonly number[];
  /** Per dense layer (input side first), per epoch; null at epoch 0 (no step yet). */
  readonly gradNorms: readonly (readonly (number | null)[])[];
}

/** Everything the page shows; a new object after every change. */
export interface PlaygroundView {
  readonly state: PlaygroundState;
  readonly status: RunStatus;
  readonly backend: Pick<PlaygroundBackend, 'kind' | 'label' | 'fallbackReason'> | undefined;
  readonly data: DatasetSplit | undefined;
  /** Half the side of the plane shown. */
  readonly extent: number;
  readonly snapshot: PlaygroundSnapshot | undefined;
  readonly history: RunHistory;
  /** The error that stopped the run (a diverging loss, a lost GPU). */
  readonly error: string | undefined;
  /** Warnings of the model build, e.g. a zeros initialisation. */
  readonly warnings: readonly string[];
  /** Wall time of the last epoch, its evaluation and diagnostics included. */
  readonly lastEpochMs: number | undefined;
}

export interface ControllerOptions {
  readonly openBackend: (preference: BackendPreference) => Promise<PlaygroundBackend>;
  readonly onChange: (view: PlaygroundView) => void;
  /** Lets the page render and handle input between epochs; a macrotask by default. */
  readonly yieldToPage?: () => Promise<void>;
}

const macrotask = (): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, 0);
  });

const emptyHistory: RunHistory = { epochs: [], trainLoss: [], testLoss: [], gradNorms: [] };

function appendHistory(history: RunHistory, snapshot: PlaygroundSnapshot, denseLayers: number): RunHistory {
  const gradNorms = Array.from({ length: denseLayers }, (_, layer) => [...(history.gradNorms[layer] ?? []), snapshot.gradNorms[layer] ?? null]);
  return {
    epochs: [...history.epochs, snapshot.epoch],
    trainLoss: [...history.trainLoss, snapshot.trainLoss],
    testLoss: [...history.testLoss, snapshot.testLoss],
    gradNorms,
  };
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Runs the playground: opens the backend, builds a training run for the state, and trains an epoch at a
 * time while running, yielding to the page between epochs. Commands are queued, so a click during
 * an epoch takes effect when it ends. Changing the state starts over at epoch 0, paused.
 */
export class PlaygroundController {
  private view: PlaygroundView;
  private opened: PlaygroundBackend | undefined;
  private run: TrainingRun<DeviceTensor> | undefined;
  private queue: Promise<void> = Promise.resolve();
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly yieldToPage: () => Promise<void>;

  constructor(
    state: PlaygroundState,
    private readonly options: ControllerOptions,
  ) {
    this.yieldToPage = options.yieldToPage ?? macrotask;
    this.view = { state, status: 'opening', backend: undefined, data: undefined, extent: 1, snapshot: undefined, history: emptyHistory, error: undefined, warnings: [], lastEpochMs: undefined };
  }

  get current(): PlaygroundView {
    return this.view;
  }

  /** Opens the backend and shows epoch 0 of the state given to the constructor. */
  open(): Promise<void> {
    return this.enqueue(() => this.rebuild(this.view.state, true));
  }

  /** A new setup: back to epoch 0, paused (the backend is reopened when its preference changed). */
  setState(state: PlaygroundState): Promise<void> {
    this.stopLoop();
    // Queued behind the training loop, which ends after its current epoch.
    return this.enqueue(() => this.rebuild(state, state.backend !== this.view.state.backend || this.opened === undefined));
  }

  /** The same setup from epoch 0: the same seed gives the same initial weights. */
  reset(): Promise<void> {
    return this.setState(this.view.state);
  }

  /** Trains until paused. */
  start(): void {
    if (this.running || this.disposed) return;
    this.running = true;
    this.loop = this.enqueue(async () => {
      if (this.run === undefined || this.failed()) {
        this.running = false;
        return;
      }
      this.update({ status: 'running' });
      while (this.running && !this.disposed) {
        await this.trainEpoch();
        if (this.failed()) break;
        await this.yieldToPage();
      }
      this.running = false;
      if (this.view.status === 'running') this.update({ status: 'paused' });
    });
  }

  /** Stops after the epoch in progress; resolves once it has. */
  async pause(): Promise<void> {
    this.stopLoop();
    await this.loop;
  }

  /** One epoch while paused. */
  step(): Promise<void> {
    if (this.running) return this.loop;
    return this.enqueue(async () => {
      if (this.run === undefined || this.failed()) return;
      await this.trainEpoch();
      if (this.view.status !== 'failed') this.update({ status: 'paused' });
    });
  }

  dispose(): void {
    this.disposed = true;
    this.stopLoop();
    void this.queue.then(() => {
      this.run?.dispose();
      this.run = undefined;
      this.opened?.destroy();
      this.opened = undefined;
    });
  }

  /** A method, so that TypeScript does not keep a narrowing of `view.status` across awaits. */
  private failed(): boolean {
    return this.view.status === 'failed';
  }

  private stopLoop(): void {
    this.running = false;
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    const next = this.queue.then(operation, operation);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private update(change: Partial<PlaygroundView>): void {
    if (this.disposed) return;
    this.view = { ...this.view, ...change };
    this.options.onChange(this.view);
  }

  private async rebuild(state: PlaygroundState, reopen: boolean): Promise<void> {
    if (this.disposed) return;
    this.run?.dispose();
    this.run = undefined;
    this.update({ state, status: 'opening', snapshot: undefined, history: emptyHistory, error: undefined, warnings: [], lastEpochMs: undefined });
    try {
      if (reopen) {
        this.opened?.destroy();
        this.opened = undefined;
        this.opened = await this.options.openBackend(state.backend);
      }
      const opened = this.opened;
      if (opened === undefined) throw new Error('No backend is open.');
      const run = new TrainingRun(opened.backend, state);
      this.run = run;
      const snapshot = await run.initialSnapshot();
      this.update({
        status: 'ready',
        backend: { kind: opened.kind, label: opened.label, fallbackReason: opened.fallbackReason },
        data: run.data,
        extent: run.extent,
        snapshot,
        // One gradient norm per dense layer: the hidden ones and the output.
        history: appendHistory(emptyHistory, snapshot, state.hidden.length + 1),
        warnings: run.warnings,
      });
    } catch (error) {
      this.update({ status: 'failed', error: message(error) });
    }
  }

  private async trainEpoch(): Promise<void> {
    const run = this.run;
    if (run === undefined) return;
    const started = performance.now();
    try {
      const snapshot = await run.trainEpoch();
      if (run !== this.run) return;
      this.update({ snapshot, history: appendHistory(this.view.history, snapshot, this.view.history.gradNorms.length), lastEpochMs: performance.now() - started });
    } catch (error) {
      this.running = false;
      this.update({ status: 'failed', error: message(error) });
    }
  }
}
