import { saveModel } from '../../persistence/save-model.js';
import type { RunRecord } from '../../report/run-record.js';
import type { CommandContext } from '../cli-io.js';
import { print } from '../cli-io.js';
import { loadData } from '../load-data.js';
import type { OptionReader } from '../parse-args.js';
import { resolveActivationId } from '../resolve-activation.js';
import { describeConfig, modelSpecFor, readRunConfig } from '../run-config.js';
import { runTraining } from '../run-training.js';
import { summaryTable } from '../summary-table.js';
import { openTrainingBackend } from '../training-backend.js';
import { writeOutputs } from '../write-outputs.js';
import { nodePath } from '../../node-builtins.js';

export const defaultComparison = ['relu', 'leaky_relu', 'prelu', 'elu', 'selu', 'gelu'];

/**
 * `train` (one activation) and `compare` (several, with the same seed, data and initialisation
 * scheme): trains each, prints a line per epoch and the final table, and writes metrics and the report.
 */
export async function compareCommand(reader: OptionReader, context: CommandContext, mode: 'train' | 'compare'): Promise<void> {
  const { io, registry } = context;
  const config = readRunConfig(reader, { epochs: mode === 'compare' ? 3 : 5, outDir: mode === 'compare' ? 'rectify-compare' : 'rectify-train' });
  const names = mode === 'compare' ? (reader.all('activations').length > 0 ? reader.all('activations') : defaultComparison) : [reader.string('activation') ?? 'relu'];
  reader.rejectUnknown();
  const ids = names.map((name) => resolveActivationId(registry, name));
  const data = await loadData(config.data, io.cwd);
  const opened = await openTrainingBackend(config.backend, registry, { threads: config.threads });
  const settings = describeConfig(config, opened.description);
  print(io.stdout, `Data: ${data.train.name} ${data.train.rows} rows, ${data.test.name} ${data.test.rows} rows; ${settings['model'] ?? ''}; ${settings['optimiser'] ?? ''}; backend ${opened.description}`);
  const runs: RunRecord[] = [];
  try {
    for (const [index, id] of ids.entries()) {
      const label = names[index] ?? id;
      const spec = modelSpecFor(config, id, data.train.features, data.train.classes);
      const save = config.save;
      runs.push(
        await runTraining(
          opened.backend,
          opened.description,
          data,
          { label, spec, initSeed: config.train.seed ?? 0, options: config.train },
          { stream: io.stderr, progress: config.progress, warn: (message) => { print(io.stderr, `warning: ${message}`); } },
          save === undefined ? undefined : async (model, epoch) => {
            const path = nodePath().resolve(io.cwd, ids.length === 1 ? save : save.replace(/\.json$/, `.${label.replace(/[^\w-]+/g, '_')}.json`));
            await saveModel(model, path, { label, settings, epoch });
            print(io.stderr, `saved ${path} (epoch ${epoch})`);
          },
          config.checkpoint,
        ),
      );
    }
  } finally {
    opened.close();
  }
  print(io.stdout);
  print(io.stdout, summaryTable(runs));
  const files = await writeOutputs(config.outDir, io.cwd, runs, {
    title: mode === 'compare' ? `Rectify: ${names.join(' vs ')} on ${config.data.source}` : `Rectify: ${names[0] ?? ''} on ${config.data.source}`,
    settings,
  });
  print(io.stdout);
  print(io.stdout, `Wrote ${files.join(', ')}`);
}
