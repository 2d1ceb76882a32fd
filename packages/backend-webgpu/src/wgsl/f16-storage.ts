/**
 * Loads and stores of float16 tensors in kernels that compute in float32: four halves packed in a
 * vec2<u32>, converted by their bits. WGSL's pack2x16float leaves values beyond the half range
 * indeterminate and does not fix the rounding direction, so the conversion is written out: nearest
 * half with ties to even, past 65,504 infinity, NaN a quiet NaN of the same sign, as float16Bits on
 * the host. Needs no device feature.
 */
export const f16StorageHelpers = `
// The nearest binary16 to each lane, as the low 16 bits of a u32.
fn m_half_bits(v: vec4<f32>) -> vec4<u32> {
  let b = bitcast<vec4<u32>>(v);
  let a = b & vec4<u32>(0x7fffffffu);
  let sign = (b >> vec4<u32>(16u)) & vec4<u32>(0x8000u);
  // Rebias the exponent (127 -> 15) and round the 13 dropped bits to nearest even; a carry moves into the exponent.
  let normal = (a + vec4<u32>(0xc8000fffu) + ((a >> vec4<u32>(13u)) & vec4<u32>(1u))) >> vec4<u32>(13u);
  // Below 2^-14, adding 0.5 rounds to a multiple of 2^-24 (ties to even), left as a count in 0.5's low bits.
  let subnormal = bitcast<vec4<u32>>(bitcast<vec4<f32>>(a) + vec4<f32>(0.5)) - vec4<u32>(0x3f000000u);
  let finite = select(normal, subnormal, a < vec4<u32>(0x38800000u));
  let large = select(vec4<u32>(0x7c00u), vec4<u32>(0x7e00u), a > vec4<u32>(0x7f800000u));
  return sign | select(finite, large, a >= vec4<u32>(0x477ff000u));
}
fn m_store_f16(v: vec4<f32>) -> vec2<u32> {
  let h = m_half_bits(v);
  return vec2<u32>(h.x | (h.y << 16u), h.z | (h.w << 16u));
}
// Four packed halves as float32, exactly.
fn m_load_f16(w: vec2<u32>) -> vec4<f32> {
  let h = vec4<u32>(w.x & 0xffffu, w.x >> 16u, w.y & 0xffffu, w.y >> 16u);
  let sign = (h & vec4<u32>(0x8000u)) << vec4<u32>(16u);
  let m = h & vec4<u32>(0x7fffu);
  let shifted = m << vec4<u32>(13u);
  let normal = shifted + vec4<u32>(0x38000000u);
  let special = shifted | vec4<u32>(0x7f800000u);
  let subnormal = bitcast<vec4<u32>>(bitcast<vec4<f32>>(m | vec4<u32>(0x3f000000u)) - vec4<f32>(0.5));
  let bits = select(select(normal, special, m >= vec4<u32>(0x7c00u)), subnormal, m < vec4<u32>(0x400u));
  return bitcast<vec4<f32>>(bits | sign);
}`;
