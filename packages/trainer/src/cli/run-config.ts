import { RectifyError } from '@rectify/activation-core';
import type { InitializerSpec } from '../init/initializers.js';
import { parseInitializerName } from '../init/initializers.js';
import type { ActivationLayerSpec } from '../model/activation-binding.js';
import type { ModelSpec } from '../model/model-spec.js';
import { mlpSpec } from '../model/model-spec.js';
import { checkLossKind } from '../training/loss.js';
import { checkOptimizerKind } from '../training/optimizer.js';
import type { ScheduleKind } from '../training/schedule.js';
import { scheduleKinds } from '../training/schedule.js';
import type { TrainOptions } from '../training/train-options.js';
import type { DataOptions } from './load-data.js';
import type { OptionReader } from './parse-args.js';
import type { BackendChoice } from './training-backend.js';
import { checkBackendChoice } from './training-backend.js';

/** Everything a training command needs, read from its options with defaults filled in. */
export interface RunConfig {
  readonly data: DataOptions;
  readonly hidden: readonly number[];
  readonly activationParams: Readonly<Record<string, number>>;
  readonly perUnit: boolean;
  /** Learn PReLU's slope, SiLU's beta and other learnable activation parameters (--no-learn-params: keep them fixed). */
  readonly learnParams: boolean;
  readonly init: InitializerSpec | undefined;
  readonly biasInit: number | undefined;
  readonly dropout: number | undefined;
  readonly train: Omit<TrainOptions, 'onStep' | 'onEpoch'>;
  readonly backend: BackendChoice;
  readonly threads: number | undefined;
  readonly outDir: string;
  readonly save: string | undefined;
  /** Write the --save model after every epoch too, not only at the end. */
  readonly checkpoint: boolean;
  readonly progress: boolean;
}

export const flagOptions: ReadonlySet<string> = new Set(['progress', 'per-unit', 'learn-params', 'decay-activation-params', 'restore-best', 'checkpoint', 'help', 'report']);

function parseParams(entries: readonly string[]): Record<string, number> {
  const params: Record<string, number> = {};
  for (const entry of entries) {
    const [name, value] = entry.split('=');
    const number = Number(value);
    if (name === undefined || name === '' || value === undefined || value.trim() === '' || !Number.isFinite(number)) {
      throw new RectifyError('INVALID_OPTION', `--param takes name=value with a number, got "${entry}".`, { param: entry });
    }
    params[name] = number;
  }
  return params;
}

export function readRunConfig(reader: OptionReader, defaults: { readonly epochs: number; readonly outDir: string }): RunConfig {
  const seed = reader.integer('seed') ?? 0;
  const hidden = reader.all('hidden').map((value) => {
    const units = Number(value);
    if (!Number.isInteger(units) || units < 1) throw new RectifyError('SHAPE_MISMATCH', `--hidden takes positive integers, got "${value}".`, { hidden: value });
    return units;
  });
  const initName = reader.string('init');
  const mode = reader.string('init-mode');
  if (mode !== undefined && mode !== 'fan_in' && mode !== 'fan_out') throw new RectifyError('INVALID_OPTION', `--init-mode must be fan_in or fan_out, got "${mode}".`);
  const gain = reader.number('gain');
  const init: InitializerSpec | undefined =
    initName === undefined || initName === 'auto'
      ? undefined
      : { name: parseInitializerName(initName), ...(mode === undefined ? {} : { mode }), ...(gain === undefined ? {} : { gain }) };
  const scheduleName = reader.string('schedule') ?? 'constant';
  const schedule = scheduleKinds.find((kind) => kind === scheduleName);
  if (schedule === undefined) throw new RectifyError('INVALID_OPTION', `--schedule must be one of ${scheduleKinds.join(', ')}, got "${scheduleName}".`);
  const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  const patience = reader.integer('early-stopping');
  const restoreBest = reader.flag('restore-best');
  if (restoreBest === true && patience === undefined) throw new RectifyError('INVALID_OPTION', '--restore-best needs --early-stopping PATIENCE.');
  const train: Omit<TrainOptions, 'onStep' | 'onEpoch'> = {
    epochs: reader.integer('epochs') ?? defaults.epochs,
    batchSize: reader.integer('batch-size') ?? 64,
    seed,
    loss: checkLossKind(reader.string('loss') ?? 'cross_entropy'),
    optimizer: {
      kind: checkOptimizerKind(reader.string('optimizer') ?? 'adam'),
      learningRate: reader.number('lr') ?? 1e-3,
      ...optional('momentum', reader.number('momentum')),
      ...optional('beta1', reader.number('beta1')),
      ...optional('beta2', reader.number('beta2')),
      ...optional('epsilon', reader.number('epsilon')),
    },
    schedule: {
      kind: schedule satisfies ScheduleKind,
      ...optional('stepEpochs', reader.integer('step-epochs')),
      ...optional('gamma', reader.number('gamma')),
      ...optional('minLearningRate', reader.number('min-lr')),
      ...optional('warmupSteps', reader.integer('warmup')),
    },
    ...optional('l1', reader.number('l1')),
    ...optional('l2', reader.number('l2')),
    ...optional('weightDecay', reader.number('weight-decay')),
    ...optional('decayActivationParams', reader.flag('decay-activation-params')),
    ...optional('clipNorm', reader.number('clip-norm')),
    ...optional('clipValue', reader.number('clip-value')),
    ...(patience === undefined ? {} : { earlyStopping: { patience, ...optional('minDelta', reader.number('min-delta')), ...optional('restoreBest', restoreBest) } }),
    ...optional('probeRows', reader.integer('probe-rows')),
    ...optional('histogramBins', reader.integer('bins')),
  };
  const save = reader.string('save');
  const checkpoint = reader.flag('checkpoint') ?? false;
  if (checkpoint && save === undefined) throw new RectifyError('INVALID_OPTION', '--checkpoint needs --save PATH (the file it rewrites after every epoch).');
  return {
    data: {
      source: reader.string('data') ?? 'mnist',
      trainSize: reader.integer('train-size'),
      testSize: reader.integer('test-size'),
      rows: reader.integer('rows'),
      noise: reader.number('noise'),
      classes: reader.integer('classes'),
      labelColumn: reader.string('label-column'),
      seed,
    },
    hidden: hidden.length > 0 ? hidden : [128, 64],
    activationParams: parseParams(reader.all('param')),
    perUnit: reader.flag('per-unit') ?? true,
    learnParams: reader.flag('learn-params') ?? true,
    init,
    biasInit: reader.number('bias-init'),
    dropout: reader.number('dropout'),
    train,
    backend: checkBackendChoice(reader.string('backend') ?? 'cpu'),
    threads: reader.integer('threads'),
    outDir: reader.string('out') ?? defaults.outDir,
    save,
    checkpoint,
    progress: reader.flag('progress') ?? true,
  };
}

/** The MLP of a run for one activation id. */
export function modelSpecFor(config: RunConfig, activationId: string, inputs: number, outputs: number, params: Readonly<Record<string, number>> = config.activationParams): ModelSpec {
  const activation: Omit<ActivationLayerSpec, 'type'> = {
    id: activationId,
    ...(Object.keys(params).length > 0 ? { params } : {}),
    ...(config.perUnit ? {} : { perUnit: false }),
    ...(config.learnParams ? {} : { learnParams: false }),
  };
  return mlpSpec({
    inputs,
    hidden: config.hidden,
    outputs,
    activation,
    ...(config.dropout === undefined ? {} : { dropout: config.dropout }),
    ...(config.init === undefined ? {} : { init: config.init }),
    ...(config.biasInit === undefined ? {} : { biasInit: config.biasInit }),
  });
}

export function describeConfig(config: RunConfig, backend: string): Record<string, string> {
  const { train } = config;
  return {
    data: `${config.data.source}${config.data.trainSize === undefined ? '' : `, ${config.data.trainSize} train`}${config.data.testSize === undefined ? '' : ` / ${config.data.testSize} test`}`,
    model: `MLP hidden ${config.hidden.join('-')}${config.dropout === undefined ? '' : `, dropout ${config.dropout}`}`,
    init: `${config.init?.name ?? 'auto (he_normal with the activation gain; lecun_normal for selu)'}${config.biasInit === undefined ? '' : `, bias ${config.biasInit}`}`,
    optimiser: `${train.optimizer.kind}, lr ${train.optimizer.learningRate}, schedule ${train.schedule?.kind ?? 'constant'}`,
    regularisation: `l1 ${train.l1 ?? 0}, l2 ${train.l2 ?? 0}, weight decay ${train.weightDecay ?? (train.optimizer.kind === 'adamw' ? 0.01 : 0)}`,
    clipping: `norm ${train.clipNorm ?? 'off'}, value ${train.clipValue ?? 'off'}`,
    training: `${train.epochs} epochs, batch ${train.batchSize}, seed ${train.seed ?? 0}, loss ${train.loss ?? 'cross_entropy'}`,
    backend,
  };
}
