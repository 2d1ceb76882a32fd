/**
 * The adapter the Node benchmarks run on: Dawn's default backend (Vulkan, D3D12, Metal) when there is
 * one, else OpenGL ES in compatibility mode (Mesa; EGL_PLATFORM=surfaceless).
 */
process.env['EGL_PLATFORM'] ??= 'surfaceless';
process.env['XDG_RUNTIME_DIR'] ??= '/tmp';
const { create, globals } = await import('webgpu');
Object.assign(globalThis, globals);

export async function findNodeAdapter(): Promise<{ gpu: GPU; adapter: GPUAdapter; label: string }> {
  for (const [flags, options, label] of [
    [[], {}, 'default backend'],
    [['backend=opengles'], { featureLevel: 'compatibility' }, 'OpenGL ES, compatibility mode'],
  ] as const) {
    const gpu = create([...flags]);
    const adapter = await gpu.requestAdapter(options);
    if (adapter !== null) return { gpu, adapter, label };
  }
  throw new Error('No WebGPU adapter found (tried the default backend and OpenGL ES).');
}
