/** Short, exact-looking numbers for tables and readouts: NaN, ±Infinity, -0 spelled out, six significant digits. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return String(Number(value.toPrecision(6)));
}
