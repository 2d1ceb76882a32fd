/**
 * GPU time from timestamp queries: a device wrapper whose compute passes, while armed, write a
 * timestamp at their start and end. Needs a device created with the 'timestamp-query' feature.
 */

export interface GpuTimer {
  /** The wrapped device: use it wherever the timed work creates its command encoders. */
  readonly device: GPUDevice;
  /** Starts a timed run: compute passes from now on are timestamped (up to the capacity). */
  arm(): void;
  /** Ends the run: the summed GPU time of its compute passes, in milliseconds. */
  gpuMilliseconds(): Promise<number>;
}

/** Wraps a device so that every compute pass of an armed run writes timestamps around itself. */
export function timestampedDevice(device: GPUDevice, capacity: number): GpuTimer {
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 * capacity });
  const resolved = device.createBuffer({ size: 16 * capacity, usage: 0x0200 /* QUERY_RESOLVE */ | 0x0004 /* COPY_SRC */ });
  const staging = device.createBuffer({ size: 16 * capacity, usage: 0x0001 /* MAP_READ */ | 0x0008 /* COPY_DST */ });
  let passes = 0;
  let armed = false;
  const wrapEncoder = (encoder: GPUCommandEncoder): GPUCommandEncoder =>
    new Proxy(encoder, {
      get(target, property) {
        if (property === 'beginComputePass') {
          return (descriptor: GPUComputePassDescriptor = {}) => {
            if (!armed || passes >= capacity) return target.beginComputePass(descriptor);
            const index = passes++;
            return target.beginComputePass({ ...descriptor, timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * index, endOfPassWriteIndex: 2 * index + 1 } });
          };
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  const wrapped = new Proxy(device, {
    get(target, property) {
      if (property === 'createCommandEncoder') return (descriptor?: GPUCommandEncoderDescriptor) => wrapEncoder(target.createCommandEncoder(descriptor));
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    device: wrapped,
    arm() {
      passes = 0;
      armed = true;
    },
    async gpuMilliseconds() {
      armed = false;
      if (passes === 0) throw new Error('no compute pass ran through the timed device while the timer was armed');
      const encoder = device.createCommandEncoder();
      encoder.resolveQuerySet(querySet, 0, 2 * passes, resolved, 0);
      encoder.copyBufferToBuffer(resolved, 0, staging, 0, 16 * passes);
      device.queue.submit([encoder.finish()]);
      await staging.mapAsync(1 /* GPUMapMode.READ */, 0, 16 * passes);
      const stamps = new BigUint64Array(staging.getMappedRange(0, 16 * passes).slice(0));
      staging.unmap();
      let total = 0n;
      for (let i = 0; i < passes; i++) total += (stamps[2 * i + 1] ?? 0n) - (stamps[2 * i] ?? 0n);
      return Number(total) / 1e6;
    },
  };
}

/**
 * A device from `adapter` with the features createWebGPUBackend would ask for, plus 'timestamp-query'
 * when the adapter has it, and then a timer for it (`capacity` passes per timed run).
 */
export async function deviceWithTimer(adapter: GPUAdapter, capacity: number): Promise<{ device: GPUDevice; timer?: GpuTimer }> {
  const wanted: GPUFeatureName[] = ['timestamp-query', 'shader-f16'];
  const device = await adapter.requestDevice({ requiredFeatures: wanted.filter((name) => adapter.features.has(name)) });
  return device.features.has('timestamp-query') ? { device, timer: timestampedDevice(device, capacity) } : { device };
}
