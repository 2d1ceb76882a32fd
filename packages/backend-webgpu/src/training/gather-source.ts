/**
 * Rows of a row-major tensor picked by index: output element i is row indices[i / rowSize], column
 * i % rowSize. Bindings: 0 uniforms { total, rowSize, rowGroups }, 1 xs, 2 indices (u32), 3 outs.
 */
export function gatherRowsSource(workgroupSize: number): string {
  return `
struct Params { total: u32, rowSize: u32, rowGroups: u32, pad: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> xs: array<f32>;
@group(0) @binding(2) var<storage, read> indices: array<u32>;
@group(0) @binding(3) var<storage, read_write> outs: array<f32>;
@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.y * u.rowGroups + wid.x) * ${workgroupSize}u + lid;
  if (i >= u.total) { return; }
  let row = i / u.rowSize;
  outs[i] = xs[indices[row] * u.rowSize + i % u.rowSize];
}
`;
}
