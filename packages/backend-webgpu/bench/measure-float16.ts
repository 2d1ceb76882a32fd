/**
 * Float16 tensors against float32 ones on one backend: forwardTensor and backwardTensor,
 * GPU-resident, the two storages interleaved (medians of 15 wall times around
 * `onSubmittedWorkDone`). A float16 kernel moves half the bytes and adds the conversions to the
 * arithmetic. Uses nothing from Node, so it runs in a page as it is.
 */
import type { TensorDtype, WebGPUBackend } from '../src/index.js';
import { interleavedMedians, wallTime } from './median-time.js';

export interface Float16Row {
  readonly op: string;
  /** Elements per second, in billions. */
  readonly float32: number;
  readonly float16: number;
}

export async function measureFloat16(backend: WebGPUBackend, elements: number): Promise<Float16Row[]> {
  const data = Float32Array.from({ length: elements }, (_, k) => Math.sin(k * 12.9898) * 4);
  const tensors = (dtype: TensorDtype) => ({ x: backend.upload(data, undefined, { dtype }), dy: backend.upload(data.map((value) => value * 0.5), undefined, { dtype }) });
  const inputs = { float32: tensors('float32'), float16: tensors('float16') };
  const cases: readonly { op: string; run: (dtype: TensorDtype) => Promise<void> }[] = [
    ...['relu', 'leaky_relu', 'elu', 'smooth/gelu'].map((id) => ({
      op: id,
      run: async (dtype: TensorDtype) => { backend.dispose(await backend.forwardTensor(id, inputs[dtype].x)); },
    })),
    ...['relu', 'elu'].map((id) => ({
      op: `${id} backward`,
      run: async (dtype: TensorDtype) => { backend.dispose((await backend.backwardTensor(id, inputs[dtype].x, inputs[dtype].dy)).gradInput); },
    })),
  ];
  const timed = (run: () => Promise<void>) => () => wallTime(async () => { await run(); await backend.device.queue.onSubmittedWorkDone(); });
  const rows: Float16Row[] = [];
  for (const { op, run } of cases) {
    const [single = Number.NaN, half = Number.NaN] = await interleavedMedians([timed(() => run('float32')), timed(() => run('float16'))]);
    rows.push({ op, float32: elements / single / 1e6, float16: elements / half / 1e6 });
  }
  Object.values(inputs).forEach(({ x, dy }) => { backend.dispose(x); backend.dispose(dy); });
  return rows;
}

export function float16Table(rows: readonly Float16Row[]): string {
  return [
    '| op | float32 G elements/s | float16 G elements/s | float16 / float32 |',
    '| --- | --- | --- | --- |',
    ...rows.map(({ op, float32, float16 }) => `| ${op} | ${float32.toFixed(2)} | ${float16.toFixed(2)} | ${(float16 / float32).toFixed(2)} |`),
  ].join('\n');
}
