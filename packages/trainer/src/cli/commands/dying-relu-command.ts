import type { RunRecord } from '../../report/run-record.js';
import type { CommandContext } from '../cli-io.js';
import { print } from '../cli-io.js';
import { loadData } from '../load-data.js';
import type { OptionReader } from '../parse-args.js';
import { describeConfig, modelSpecFor, readRunConfig } from '../run-config.js';
import { runTraining } from '../run-training.js';
import { formatTable, percent } from '../table.js';
import { openTrainingBackend } from '../training-backend.js';
import { writeOutputs } from '../write-outputs.js';

interface Variant {
  readonly label: string;
  readonly activation: string;
  readonly learningRate: number;
  readonly biasInit: number | undefined;
}

/**
 * `experiment dying-relu`: ReLU at an ordinary learning rate, then at a high one (which kills a large
 * share of units), the same high rate with leaky_relu, and with a positive bias initialisation.
 */
export async function dyingReluCommand(reader: OptionReader, context: CommandContext): Promise<void> {
  const { io, registry } = context;
  const highRate = reader.number('high-lr') ?? 0.03;
  const positiveBias = reader.number('positive-bias') ?? 0.1;
  const config = readRunConfig(reader, { epochs: 3, outDir: 'rectify-dying-relu' });
  reader.rejectUnknown();
  const baseRate = config.train.optimizer.learningRate;
  const variants: Variant[] = [
    { label: `relu lr ${baseRate}`, activation: 'relu', learningRate: baseRate, biasInit: config.biasInit },
    { label: `relu lr ${highRate}`, activation: 'relu', learningRate: highRate, biasInit: config.biasInit },
    { label: `leaky_relu lr ${highRate}`, activation: 'leaky_relu', learningRate: highRate, biasInit: config.biasInit },
    { label: `relu lr ${highRate} bias ${positiveBias}`, activation: 'relu', learningRate: highRate, biasInit: positiveBias },
  ];
  const data = await loadData(config.data, io.cwd);
  const opened = await openTrainingBackend(config.backend, registry, { threads: config.threads });
  const settings = { ...describeConfig(config, opened.description), 'high learning rate': String(highRate), 'positive bias': String(positiveBias) };
  const runs: RunRecord[] = [];
  try {
    for (const variant of variants) {
      const spec = modelSpecFor({ ...config, biasInit: variant.biasInit }, variant.activation, data.train.features, data.train.classes, {});
      const options = { ...config.train, optimizer: { ...config.train.optimizer, learningRate: variant.learningRate } };
      runs.push(
        await runTraining(opened.backend, opened.description, data, { label: variant.label, spec, initSeed: config.train.seed ?? 0, options }, {
          stream: io.stderr,
          progress: config.progress,
          warn: (message) => { print(io.stderr, `warning: ${message}`); },
        }),
      );
    }
  } finally {
    opened.close();
  }
  const layers = (runs[0]?.result.history[0]?.diagnostics ?? []).filter((layer) => layer.deadFraction !== undefined).map((layer) => layer.layer);
  const rows = runs.map((run) => {
    const first = run.result.history[0]?.diagnostics ?? [];
    const last = run.result.history.at(-1)?.diagnostics ?? [];
    return [
      run.label,
      percent(run.result.final.testAccuracy, 2),
      ...layers.flatMap((layer) => {
        const start = first.find((entry) => entry.layer === layer);
        const end = last.find((entry) => entry.layer === layer);
        return [percent(start?.deadFraction), percent(end?.deadFraction), percent(end?.diedFraction), percent(end?.revivedFraction)];
      }),
    ];
  });
  const headers = ['run', 'test acc', ...layers.flatMap((layer) => [`L${layer} dead@init`, `L${layer} dead@end`, `L${layer} died`, `L${layer} revived`])];
  print(io.stdout);
  print(io.stdout, formatTable(headers, rows));
  const notes = [
    'A unit is dead when its output is never positive on the probe set. A ReLU unit that is never positive also gets no gradient from those inputs, so it stays dead; a leaky_relu unit that is never positive still passes alpha times the gradient and can come back ("revived").',
  ];
  print(io.stdout, notes[0]);
  const files = await writeOutputs(config.outDir, io.cwd, runs, { title: 'Rectify experiment: dying ReLU', settings, notes });
  print(io.stdout, `Wrote ${files.join(', ')}`);
}
