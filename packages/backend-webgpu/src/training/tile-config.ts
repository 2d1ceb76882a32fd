/**
 * How one workgroup of the tiled matmul covers the output: `threadsX * threadsY` invocations, each
 * computing `rowsPerThread * colsPerThread` outputs held in registers, over a `tileRows x tileCols`
 * output tile; `depth` columns of A and rows of B are staged in workgroup memory per step.
 */
export interface TileConfig {
  readonly threadsX: number;
  readonly threadsY: number;
  readonly rowsPerThread: number;
  readonly colsPerThread: number;
  readonly depth: number;
}

export const tileRows = (config: TileConfig): number => config.threadsY * config.rowsPerThread;
export const tileCols = (config: TileConfig): number => config.threadsX * config.colsPerThread;
export const tileKey = (config: TileConfig): string =>
  `${config.threadsX}x${config.threadsY}r${config.rowsPerThread}x${config.colsPerThread}d${config.depth}`;
/** Bytes of workgroup memory the tiles take. */
export const tileStorageBytes = (config: TileConfig): number => (tileRows(config) + tileCols(config)) * config.depth * 4;

export interface TileLimits {
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly maxComputeWorkgroupSizeX: number;
  readonly maxComputeWorkgroupSizeY: number;
  readonly maxComputeWorkgroupStorageSize: number;
}

/** Candidate tiles from the largest (64 x 64 outputs, 32 per invocation) to the smallest (16 x 16). */
const candidates: readonly Omit<TileConfig, 'threadsX' | 'threadsY'>[] = [
  { rowsPerThread: 8, colsPerThread: 4, depth: 16 },
  { rowsPerThread: 4, colsPerThread: 2, depth: 16 },
  { rowsPerThread: 2, colsPerThread: 1, depth: 16 },
];

/**
 * The tile for an `m x n` output: the largest one that still gives at least `minWorkgroups`
 * workgroups (small layers need many small tiles to occupy a GPU; large ones gain from the reuse
 * of bigger tiles), within the device's invocation and workgroup-memory limits. 128 invocations
 * (16 x 8) fit compatibility mode's default limit.
 */
export function chooseTile(m: number, n: number, limits: TileLimits, minWorkgroups = 32): TileConfig {
  const threadsX = Math.min(16, limits.maxComputeWorkgroupSizeX);
  const threadsY = Math.max(1, Math.min(8, limits.maxComputeWorkgroupSizeY, Math.floor(limits.maxComputeInvocationsPerWorkgroup / threadsX)));
  const fitting = candidates
    .map((candidate) => ({ threadsX, threadsY, ...candidate }))
    .filter((config) => tileStorageBytes(config) <= limits.maxComputeWorkgroupStorageSize);
  const smallest = fitting.at(-1) ?? { threadsX, threadsY, rowsPerThread: 1, colsPerThread: 1, depth: 8 };
  return fitting.find((config) => Math.ceil(m / tileRows(config)) * Math.ceil(n / tileCols(config)) >= minWorkgroups) ?? smallest;
}
