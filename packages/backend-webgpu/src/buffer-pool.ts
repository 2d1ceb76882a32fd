import './gpu-types.js';

export interface PoolStats {
  /** Buffers handed out and not yet released. */
  readonly liveBuffers: number;
  readonly liveBytes: number;
  /** Released buffers kept for reuse. */
  readonly pooledBuffers: number;
  readonly pooledBytes: number;
}

/** Sizes are rounded up (powers of two below 1 MiB, then whole MiB) so that buffers get reused. */
function bucketSize(bytes: number): number {
  const size = Math.max(16, bytes);
  if (size <= 1 << 20) return 2 ** Math.ceil(Math.log2(size));
  return Math.ceil(size / (1 << 20)) * (1 << 20);
}

/**
 * Reuses GPU buffers by (usage, size bucket). Released buffers are kept up to `maxPooledBytes`;
 * beyond that the oldest are destroyed. `destroy()` destroys every buffer, live or pooled.
 */
export class BufferPool {
  private readonly idle = new Map<string, GPUBuffer[]>();
  private readonly live = new Set<GPUBuffer>();
  private readonly order: GPUBuffer[] = [];
  private liveBytes = 0;
  private pooledBytes = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly maxPooledBytes = 256 * (1 << 20),
  ) {}

  get stats(): PoolStats {
    return { liveBuffers: this.live.size, liveBytes: this.liveBytes, pooledBuffers: this.order.length, pooledBytes: this.pooledBytes };
  }

  /** A buffer of at least `bytes` bytes with exactly `usage`. */
  acquire(bytes: number, usage: number): GPUBuffer {
    const size = bucketSize(bytes);
    const reused = this.idle.get(`${usage}:${size}`)?.pop();
    let buffer: GPUBuffer;
    if (reused !== undefined) {
      this.order.splice(this.order.indexOf(reused), 1);
      this.pooledBytes -= size;
      buffer = reused;
    } else {
      buffer = this.device.createBuffer({ size, usage, label: 'rectify' });
    }
    this.live.add(buffer);
    this.liveBytes += size;
    return buffer;
  }

  release(buffer: GPUBuffer): void {
    if (!this.live.delete(buffer)) return;
    this.liveBytes -= buffer.size;
    const key = `${buffer.usage}:${buffer.size}`;
    let list = this.idle.get(key);
    if (list === undefined) {
      list = [];
      this.idle.set(key, list);
    }
    list.push(buffer);
    this.order.push(buffer);
    this.pooledBytes += buffer.size;
    while (this.pooledBytes > this.maxPooledBytes) {
      const oldest = this.order.shift();
      if (oldest === undefined) break;
      const bucket = this.idle.get(`${oldest.usage}:${oldest.size}`);
      bucket?.splice(bucket.indexOf(oldest), 1);
      this.pooledBytes -= oldest.size;
      oldest.destroy();
    }
  }

  destroy(): void {
    for (const buffer of [...this.live, ...this.order]) buffer.destroy();
    this.live.clear();
    this.order.length = 0;
    this.idle.clear();
    this.liveBytes = 0;
    this.pooledBytes = 0;
  }
}
