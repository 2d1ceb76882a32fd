import { RectifyError } from '@rectify/activation-core';
import { diagnoseModel } from '../../diagnostics/diagnose-model.js';
import { buildModel } from '../../model/build-model.js';
import { writeFileAtomic } from '../../persistence/atomic-write.js';
import type { DepthProfile } from '../../report/depth-report.js';
import { depthReport } from '../../report/depth-report.js';
import { oneHot } from '../../training/loss.js';
import type { CommandContext } from '../cli-io.js';
import { print } from '../cli-io.js';
import { loadData } from '../load-data.js';
import type { OptionReader } from '../parse-args.js';
import { resolveActivationId } from '../resolve-activation.js';
import { modelSpecFor, readRunConfig } from '../run-config.js';
import { formatTable } from '../table.js';
import { openTrainingBackend } from '../training-backend.js';
import { nodeFs, nodePath } from '../../node-builtins.js';

/**
 * `experiment depth`: a deep narrow MLP per activation (sigmoid, tanh, relu, selu by default), and the
 * gradient norm of every layer at initialisation on a probe batch: vanishing or exploding gradients.
 */
export async function depthCommand(reader: OptionReader, context: CommandContext): Promise<void> {
  const { mkdir } = nodeFs();
  const { join, resolve } = nodePath();
  const { io, registry } = context;
  const depth = reader.integer('depth') ?? 20;
  const width = reader.integer('width') ?? 64;
  if (depth < 1 || width < 1) throw new RectifyError('INVALID_OPTION', `--depth and --width must be positive, got ${depth} and ${width}.`);
  const names = reader.all('activations').length > 0 ? reader.all('activations') : ['sigmoid', 'tanh', 'relu', 'selu'];
  const config = readRunConfig(reader, { epochs: 0, outDir: 'rectify-depth' });
  reader.rejectUnknown();
  const ids = names.map((name) => resolveActivationId(registry, name));
  const data = await loadData(config.data, io.cwd);
  const opened = await openTrainingBackend(config.backend, registry, { threads: config.threads });
  const profiles: DepthProfile[] = [];
  const probeRows = Math.min(config.train.probeRows ?? 512, data.train.rows);
  const { backend } = opened;
  try {
    const probe = backend.tensor(data.train.inputs.subarray(0, probeRows * data.train.features), [probeRows, data.train.features]);
    const labels = backend.tensor(data.train.labels.subarray(0, probeRows), [probeRows]);
    const targets = config.train.loss === 'mse' ? backend.tensor(oneHot(data.train.labels.subarray(0, probeRows), data.train.classes), [probeRows, data.train.classes]) : undefined;
    for (const [index, id] of ids.entries()) {
      const spec = modelSpecFor({ ...config, hidden: new Array<number>(depth).fill(width) }, id, data.train.features, data.train.classes);
      const model = buildModel(backend, spec, { seed: config.train.seed ?? 0 });
      const diagnosis = await diagnoseModel(model, probe, { labels, oneHot: targets }, config.train.loss ?? 'cross_entropy');
      model.dispose();
      profiles.push({
        label: names[index] ?? id,
        gradNorms: diagnosis.layers.flatMap((layer) => (layer.gradNorm === undefined ? [] : [layer.gradNorm])),
        outputStds: diagnosis.layers.flatMap((layer) => (layer.outputStd === undefined ? [] : [layer.outputStd])),
      });
    }
    for (const tensor of [probe, labels, targets]) if (tensor !== undefined) backend.dispose(tensor);
  } finally {
    opened.close();
  }
  const layerCount = Math.max(...profiles.map((profile) => profile.gradNorms.length));
  const rows = Array.from({ length: layerCount }, (_, layer) => [String(layer), ...profiles.map((profile) => profile.gradNorms[layer]?.toExponential(2) ?? '-')]);
  print(io.stdout, `Gradient norm of each dense layer's weights at initialisation (${depth} hidden layers of ${width}; layer 0 is next to the input):`);
  print(io.stdout, formatTable(['layer', ...profiles.map((profile) => profile.label)], rows));
  const ratios = profiles.map((profile) => `${profile.label} ${((profile.gradNorms[0] ?? 0) / (profile.gradNorms.at(-2) ?? 1)).toExponential(1)}`);
  print(io.stdout, `first / last hidden layer gradient ratio: ${ratios.join(', ')}`);
  const target = resolve(io.cwd, config.outDir);
  await mkdir(target, { recursive: true });
  const settings = { data: config.data.source, network: `${depth} hidden layers of ${width}`, init: config.init?.name ?? 'auto (he_normal with the activation gain; lecun_normal for selu)', 'probe rows': String(probeRows), backend: opened.description };
  const reportPath = join(target, 'report.html');
  await writeFileAtomic(reportPath, depthReport(profiles, settings));
  await writeFileAtomic(join(target, 'metrics.json'), `${JSON.stringify({ settings, profiles }, null, 2)}\n`);
  print(io.stdout, `Wrote ${reportPath}, ${join(target, 'metrics.json')}`);
}
