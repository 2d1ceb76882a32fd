import type { TileConfig } from './tile-config.js';
import { tileRows, tileCols } from './tile-config.js';

/** An activation printed as the body of `fn activate(x: f32, idx: u32, ch: u32) -> f32`. */
export interface EpilogueSource {
  /** WGSL of the helpers the body may call. */
  readonly helpers: string;
  readonly statements: readonly string[];
  readonly value: string;
  /** vec4 slots of per-call hoisted values in the uniform block (at least 1). */
  readonly uniformSlots: number;
}

/** Where the matmul keeps `x · w + bias` next to the activated output. */
export type PreActivationStore = 'none' | 'own-binding' | 'after-output';

export interface MatmulSourceOptions {
  readonly tile: TileConfig;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  /** Adds `chan[u.biasOffset + column]`. */
  readonly bias: boolean;
  /** Whether the kernel binds `chan` (per-channel hoisted values and the bias). */
  readonly channelValues: boolean;
  readonly epilogue: EpilogueSource | undefined;
  readonly preActivation: PreActivationStore;
}

/** Bytes of the uniform block before the hoisted slots. */
export const matmulHeaderBytes = 48;

export const matmulBinding = { uniforms: 0, lhs: 1, rhs: 2, output: 3, channels: 4, preActivation: 5 } as const;

/**
 * A tiled matmul `op(A) · op(B)` with an optional bias + activation epilogue. Each workgroup stages
 * `depth`-deep slices of an A tile and a B tile in workgroup memory (loads follow each operand's
 * memory order, so a transposed operand is read as coalesced as a plain one) and every invocation
 * accumulates a register block of outputs spread `threadsY` rows and `threadsX` columns apart, so
 * neighbouring invocations read neighbouring workgroup words and store neighbouring outputs. Edges
 * load zeros and skip stores; sizes are uniforms. Tiles are numbered row by row and the numbers fold
 * into a 2-D dispatch past maxComputeWorkgroupsPerDimension.
 */
export function matmulSource(options: MatmulSourceOptions): string {
  const { tile, transposeA, transposeB, epilogue } = options;
  const TX = tile.threadsX;
  const TY = tile.threadsY;
  const RM = tile.rowsPerThread;
  const RN = tile.colsPerThread;
  const BK = tile.depth;
  const BM = tileRows(tile);
  const BN = tileCols(tile);
  const threads = TX * TY;
  const slots = epilogue?.uniformSlots ?? 1;

  const loadA = transposeA
    ? { inner: `let mm = e % ${BM}u; let kk = e / ${BM}u;`, index: 'kg * u.m + row' }
    : { inner: `let kk = e % ${BK}u; let mm = e / ${BK}u;`, index: 'row * u.k + kg' };
  const loadB = transposeB
    ? { inner: `let kk = e % ${BK}u; let nn = e / ${BK}u;`, index: 'col * u.k + kg' }
    : { inner: `let nn = e % ${BN}u; let kk = e / ${BN}u;`, index: 'kg * u.n + col' };

  const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index);
  const accumulators = range(RM).flatMap((i) => range(RN).map((j) => `  var c${i}_${j} = 0.0;`));
  const products = [
    ...range(RM).map((i) => `      let a${i} = tileA[kk * ${BM}u + lid.y + ${i * TY}u];`),
    ...range(RN).map((j) => `      let b${j} = tileB[kk * ${BN}u + lid.x + ${j * TX}u];`),
    ...range(RM).flatMap((i) => range(RN).map((j) => `      c${i}_${j} = c${i}_${j} + a${i} * b${j};`)),
  ];
  const value = options.bias ? (name: string): string => `${name} + chan[u.biasOffset + col]` : (name: string): string => name;
  const storePre =
    options.preActivation === 'own-binding' ? '      pres[index] = v;' : options.preActivation === 'after-output' ? '      outs[u.preOffset + index] = v;' : '';
  const stores = range(RM).flatMap((i) =>
    range(RN).flatMap((j) => [
      '  {',
      `    let row = rowBase + lid.y + ${i * TY}u;`,
      `    let col = colBase + lid.x + ${j * TX}u;`,
      '    if (row < u.m && col < u.n) {',
      '      let index = row * u.n + col;',
      `      let v = ${value(`c${i}_${j}`)};`,
      storePre,
      epilogue === undefined ? '      outs[index] = v;' : '      outs[index] = activate(v, index, col);',
      '    }',
      '  }',
    ]),
  );

  const lines = [
    'struct Params { m: u32, n: u32, k: u32, key: u32, channels: u32, colTiles: u32, groupsX: u32, preOffset: u32,',
    '  biasOffset: u32, tiles: u32, inf: f32, nan: f32,',
    `  s: array<vec4<f32>, ${slots}> }`,
    `@group(0) @binding(${matmulBinding.uniforms}) var<uniform> u: Params;`,
    `@group(0) @binding(${matmulBinding.lhs}) var<storage, read> lhs: array<f32>;`,
    `@group(0) @binding(${matmulBinding.rhs}) var<storage, read> rhs: array<f32>;`,
    `@group(0) @binding(${matmulBinding.output}) var<storage, read_write> outs: array<f32>;`,
    options.channelValues ? `@group(0) @binding(${matmulBinding.channels}) var<storage, read> chan: array<f32>;` : '',
    options.preActivation === 'own-binding' ? `@group(0) @binding(${matmulBinding.preActivation}) var<storage, read_write> pres: array<f32>;` : '',
    `var<workgroup> tileA: array<f32, ${BM * BK}>;`,
    `var<workgroup> tileB: array<f32, ${BN * BK}>;`,
    epilogue?.helpers ?? '',
    epilogue === undefined ? '' : ['fn activate(x: f32, idx: u32, ch: u32) -> f32 {', ...epilogue.statements.map((statement) => `  ${statement}`), `  return ${epilogue.value};`, '}'].join('\n'),
    `@compute @workgroup_size(${TX}, ${TY})`,
    'fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) li: u32) {',
    // Workgroup-uniform: every invocation of a workgroup returns together, before any barrier.
    '  let t = wid.y * u.groupsX + wid.x;',
    '  if (t >= u.tiles) { return; }',
    `  let rowBase = (t / u.colTiles) * ${BM}u;`,
    `  let colBase = (t % u.colTiles) * ${BN}u;`,
    ...accumulators,
    `  for (var k0 = 0u; k0 < u.k; k0 = k0 + ${BK}u) {`,
    `    for (var e = li; e < ${BM * BK}u; e = e + ${threads}u) {`,
    `      ${loadA.inner}`,
    '      let row = rowBase + mm;',
    '      let kg = k0 + kk;',
    '      var a = 0.0;',
    `      if (row < u.m && kg < u.k) { a = lhs[${loadA.index}]; }`,
    `      tileA[kk * ${BM}u + mm] = a;`,
    '    }',
    `    for (var e = li; e < ${BN * BK}u; e = e + ${threads}u) {`,
    `      ${loadB.inner}`,
    '      let col = colBase + nn;',
    '      let kg = k0 + kk;',
    '      var b = 0.0;',
    `      if (col < u.n && kg < u.k) { b = rhs[${loadB.index}]; }`,
    `      tileB[kk * ${BN}u + nn] = b;`,
    '    }',
    '    workgroupBarrier();',
    `    for (var kk = 0u; kk < ${BK}u; kk = kk + 1u) {`,
    ...products,
    '    }',
    '    workgroupBarrier();',
    '  }',
    ...stores,
    '}',
  ];
  return lines.filter((line) => line !== '').join('\n');
}
