// Prints every registered activation (built-ins and @rectify/plugin-smooth): formula, defaults,
// f and f' at a few points, and the result of its derivative check. Run with `pnpm start`.
import type { ActivationDefinition } from '@rectify/activation-core';
import { analyze, builtinActivations, createRegistry, printExpr, referenceDerivative, referenceForward } from '@rectify/activation-core';
import { checkDerivatives } from '@rectify/activation-core/testing';
import { smoothPlugin } from '@rectify/plugin-smooth';

const points = [-2, -0.5, 0, 0.5, 2];
const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });

const number = (value: number): string => (Number.isNaN(value) ? 'NaN' : Object.is(value, -0) ? '-0' : String(Number(value.toPrecision(4))));

function defaults(definition: ActivationDefinition): string {
  const entries = Object.entries(definition.params).map(([name, spec]) => `${name}=${spec.choices?.[spec.default] ?? number(spec.default)}`);
  return entries.length === 0 ? '-' : entries.join(' ');
}

function derivativeCheck(definition: ActivationDefinition): string {
  const report = checkDerivatives(definition);
  const worst = Math.max(...report.checks.map((check) => check.maxError));
  return `${report.ok ? 'ok' : 'FAILED'} (${report.checks.length} checks, max err ${worst.toExponential(1)})`;
}

const header = ['id', 'defaults', ...points.map((x) => `f(${x})`), ...points.map((x) => `f'(${x})`), 'derivative check'];
const rows = registry.list().map((definition) => [
  definition.id,
  defaults(definition),
  ...Array.from(referenceForward(definition, points), number),
  ...Array.from(referenceDerivative(definition, points), number),
  derivativeCheck(definition),
]);
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');

console.log(`Rectify: ${rows.length} registered activations (f' is the derivative backends use; kinks follow PyTorch)\n`);
console.log(line(header));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
for (const row of rows) console.log(line(row));
console.log('\nFormulas (simplified expression IR):');
for (const definition of registry.list()) console.log(`  ${definition.id.padEnd(widths[0] ?? 0)}  f(x) = ${printExpr(analyze(definition).forward)}`);
