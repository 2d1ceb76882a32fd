import { containsOp } from '../analysis/analyze.js';
import { RectifyError } from '../errors.js';
import { x as inputNode, y as outputNode, param } from '../ir/builders.js';
import { differentiate, isIdenticallyZero } from '../ir/differentiate.js';
import type { NumNode } from '../ir/nodes.js';
import { parseExpr } from '../ir/parse.js';
import type { ActivationDefinition, ParamRefs } from './definition.js';
import { currentSpecVersion } from './definition.js';
import type { ActivationDocs } from './docs.js';
import { assertActivationId, assertParameterName } from './identifiers.js';
import type { ParamSpec, ParamSpecs } from './param-spec.js';
import { describeRange, inRange } from './param-spec.js';

type Builder<P extends ParamSpecs> = (x: NumNode, params: ParamRefs<P>, y: NumNode) => NumNode;

/** What an author writes: expressions as builder functions or as already-built expression data. */
export interface ActivationSpec<Id extends string, P extends ParamSpecs> {
  readonly id: Id;
  readonly specVersion: number;
  readonly params?: P;
  readonly forward: ((x: NumNode, params: ParamRefs<P>) => NumNode) | NumNode;
  /** d/dx, in terms of the input `x` and/or the output `y`. */
  readonly derivative?: Builder<P> | NumNode;
  /** d/dx in terms of the output `y`, without `x` (but for selects on parameters): see ActivationDefinition. */
  readonly derivativeFromOutput?: Builder<P> | NumNode;
  readonly paramDerivatives?: { readonly [K in keyof P]?: Builder<P> | NumNode };
  readonly docs: ActivationDocs;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function malformed(id: string, message: string, details: Record<string, unknown> = {}): RectifyError {
  return new RectifyError('MALFORMED_DEFINITION', `Activation "${id}": ${message}`, { id, ...details });
}

function validateParamSpec(id: string, name: string, spec: unknown): ParamSpec {
  assertParameterName(name);
  if (!isRecord(spec)) throw malformed(id, `parameter "${name}" must be an object.`);
  const optionalNumber = (key: string): number | undefined => {
    const value = spec[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || Number.isNaN(value)) throw malformed(id, `parameter "${name}".${key} must be a number.`);
    return value;
  };
  const optionalBoolean = (key: string): boolean | undefined => {
    const value = spec[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw malformed(id, `parameter "${name}".${key} must be a boolean.`);
    return value;
  };
  const description = spec['description'];
  if (typeof description !== 'string' || description.length === 0) throw malformed(id, `parameter "${name}" needs a description.`);
  const rawChoices = spec['choices'];
  let choices: readonly string[] | undefined;
  if (rawChoices !== undefined) {
    if (!Array.isArray(rawChoices) || rawChoices.length < 2 || !rawChoices.every((c): c is string => typeof c === 'string' && /^[a-z][a-z0-9_]*$/.test(c))) {
      throw malformed(id, `parameter "${name}".choices must list at least two lower-case names.`);
    }
    choices = Object.freeze([...rawChoices]);
  }
  const value = spec['default'];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw malformed(id, `parameter "${name}" needs a finite numeric default.`);

  const entries: [string, unknown][] = [
    ['default', value],
    ['min', choices === undefined ? optionalNumber('min') : 0],
    ['max', choices === undefined ? optionalNumber('max') : choices.length - 1],
    ['exclusiveMin', optionalBoolean('exclusiveMin')],
    ['exclusiveMax', optionalBoolean('exclusiveMax')],
    ['integer', choices === undefined ? optionalBoolean('integer') : true],
    ['choices', choices],
    ['learnable', optionalBoolean('learnable')],
    ['perChannel', optionalBoolean('perChannel')],
    ['description', description],
  ];
  const result: ParamSpec = Object.freeze(Object.fromEntries(entries.filter(([, entry]) => entry !== undefined)) as ParamSpec & object);
  if (result.min !== undefined && result.max !== undefined && result.min > result.max) {
    throw malformed(id, `parameter "${name}" has min ${result.min} above max ${result.max}.`);
  }
  if (!inRange(result, value)) {
    throw new RectifyError('PARAM_OUT_OF_RANGE', `Activation "${id}": default ${value} of parameter "${name}" is outside ${describeRange(result)}.`, { id, name, value });
  }
  if (result.integer === true && !Number.isInteger(value)) {
    throw malformed(id, `parameter "${name}" is an integer parameter with a non-integer default ${value}.`);
  }
  return result;
}

const aliasKeys = ['pytorch', 'keras', 'onnx', 'tfjs'] as const;
const propertyKeys = ['monotonic', 'boundedBelow', 'boundedAbove', 'smooth', 'zeroCentered', 'selfNormalizing'] as const;

/** Copies only the documented fields, each checked, so docs from JSON cannot smuggle in cycles, getters or extra data. */
function validateDocs(id: string, docs: unknown, paramNames: ReadonlySet<string>): ActivationDocs {
  if (!isRecord(docs)) throw malformed(id, 'docs must be an object.');
  const known = (where: string, record: Record<string, unknown>, keys: readonly string[]): void => {
    const unknown = Object.keys(record).find((key) => !keys.includes(key));
    if (unknown !== undefined) throw malformed(id, `${where} has an unknown field ${JSON.stringify(unknown)}; it takes ${keys.join(', ')}.`, { field: unknown });
  };
  const text = (where: string, value: unknown, required: boolean): string | undefined => {
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value.length === 0) throw malformed(id, `${where} must be a non-empty string.`);
    return value;
  };
  const record = (where: string, value: unknown, keys: readonly string[]): Record<string, unknown> | undefined => {
    if (value === undefined) return undefined;
    if (!isRecord(value)) throw malformed(id, `${where} must be an object.`);
    known(where, value, keys);
    return value;
  };
  const compact = (entries: [string, unknown][]): Readonly<Record<string, unknown>> => Object.freeze(Object.fromEntries(entries.filter(([, value]) => value !== undefined)));

  const alias = (where: string, value: unknown): string | Readonly<Record<string, unknown>> | undefined => {
    if (typeof value === 'string' || value === undefined) return text(where, value, false);
    const entry = record(where, value, ['name', 'defaults', 'note']);
    const defaults = record(`${where}.defaults`, entry?.['defaults'], [...paramNames]);
    for (const [name, number] of Object.entries(defaults ?? {})) {
      if (typeof number !== 'number' || !Number.isFinite(number)) throw malformed(id, `${where}.defaults.${name} must be a finite number.`);
    }
    return compact([
      ['name', text(`${where}.name`, entry?.['name'], true)],
      ['defaults', defaults === undefined ? undefined : compact(Object.entries(defaults))],
      ['note', text(`${where}.note`, entry?.['note'], false)],
    ]);
  };
  known('docs', docs, ['name', 'latex', 'description', 'conventions', 'aliases', 'paper', 'properties']);
  const aliases = record('docs.aliases', docs['aliases'], aliasKeys);
  const paper = record('docs.paper', docs['paper'], ['title', 'authors', 'year', 'url']);
  const properties = record('docs.properties', docs['properties'], propertyKeys);
  const year = paper?.['year'];
  if (year !== undefined && !(typeof year === 'number' && Number.isInteger(year))) throw malformed(id, 'docs.paper.year must be an integer.');
  const url = text('docs.paper.url', paper?.['url'], false);
  if (url !== undefined && !/^https?:\/\/[^\s"'<>]+$/.test(url)) throw malformed(id, `docs.paper.url must be an http(s) address, got ${JSON.stringify(url)}.`);
  for (const key of propertyKeys) {
    if (properties?.[key] !== undefined && typeof properties[key] !== 'boolean') throw malformed(id, `docs.properties.${key} must be a boolean.`);
  }
  const result: unknown = compact([
    ['name', text('docs.name', docs['name'], true)],
    ['latex', text('docs.latex', docs['latex'], true)],
    ['description', text('docs.description', docs['description'], true)],
    ['conventions', text('docs.conventions', docs['conventions'], false)],
    ['aliases', aliases === undefined ? undefined : compact(aliasKeys.map((key) => [key, alias(`docs.aliases.${key}`, aliases[key])]))],
    [
      'paper',
      paper === undefined
        ? undefined
        : compact([
            ['title', text('docs.paper.title', paper['title'], true)],
            ['authors', text('docs.paper.authors', paper['authors'], false)],
            ['year', year],
            ['url', url],
          ]),
    ],
    ['properties', properties === undefined ? undefined : compact(propertyKeys.map((key) => [key, properties[key]]))],
  ]);
  // Every field was checked above against the ActivationDocs shape.
  return result as ActivationDocs;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates and freezes an activation definition. Expressions may come from the typed builders or
 * from untrusted JSON: either way only known primitives, finite constants and declared parameter
 * names survive, so code generators can print a definition without escaping anything.
 */
// A definition without params has the empty parameter set: `{}` is intended here.
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type
export function defineActivation<const Id extends string, const P extends ParamSpecs = Record<never, ParamSpec>>(
  spec: ActivationSpec<Id, P>,
): ActivationDefinition<Id, P> {
  if (!isRecord(spec)) throw new RectifyError('MALFORMED_DEFINITION', 'An activation definition must be an object.');
  assertActivationId(spec.id);
  const id = spec.id;
  if (spec.specVersion !== currentSpecVersion) {
    throw new RectifyError('UNSUPPORTED_SPEC_VERSION', `Activation "${id}": specVersion ${String(spec.specVersion)} is not supported; this release reads specVersion ${currentSpecVersion}.`, { id });
  }
  const rawParams: unknown = spec.params ?? {};
  if (!isRecord(rawParams)) throw malformed(id, 'params must be an object.');
  const params: Record<string, ParamSpec> = {};
  for (const [name, paramSpec] of Object.entries(rawParams)) params[name] = validateParamSpec(id, name, paramSpec);
  const names = new Set(Object.keys(params));
  const refs = Object.fromEntries([...names].map((name) => [name, param(name)])) as ParamRefs<P>;

  const build = (source: unknown, where: string, allowOutput: boolean): NumNode => {
    let expression: unknown = source;
    if (typeof source === 'function') {
      try {
        expression = (source as Builder<P>)(inputNode, refs, outputNode);
      } catch (error) {
        if (error instanceof RectifyError) throw error;
        throw malformed(id, `${where} builder threw: ${String(error)}`);
      }
    }
    return parseExpr(expression, { params: names, allowOutput, where: `${id}.${where}` });
  };

  const forward = build(spec.forward, 'forward', false);
  const derivative = spec.derivative === undefined ? undefined : build(spec.derivative, 'derivative', true);
  const derivativeFromOutput = spec.derivativeFromOutput === undefined ? undefined : build(spec.derivativeFromOutput, 'derivativeFromOutput', true);
  if (derivativeFromOutput !== undefined && !containsOp(derivativeFromOutput, 'output')) {
    throw malformed(id, 'derivativeFromOutput must be written in terms of the output y.');
  }
  const rawParamDerivatives: unknown = spec.paramDerivatives ?? {};
  if (!isRecord(rawParamDerivatives)) throw malformed(id, 'paramDerivatives must be an object.');
  const paramDerivatives: Record<string, NumNode> = {};
  for (const [name, source] of Object.entries(rawParamDerivatives)) {
    if (!names.has(name)) {
      throw new RectifyError('UNKNOWN_PARAMETER', `Activation "${id}": paramDerivatives names "${name}", which is not a declared parameter.`, { id, name });
    }
    paramDerivatives[name] = build(source, `paramDerivatives.${name}`, true);
  }

  differentiate(forward, { kind: 'input' });
  for (const [name, paramSpec] of Object.entries(params)) {
    if (paramSpec.learnable === true && isIdenticallyZero(differentiate(forward, { kind: 'param', name }))) {
      throw new RectifyError('UNDIFFERENTIABLE', `Activation "${id}": learnable parameter "${name}" has a zero derivative almost everywhere, so it cannot be trained.`, { id, name });
    }
  }

  const definition = deepFreeze({
    id,
    specVersion: currentSpecVersion,
    params: params as P,
    forward,
    ...(derivative === undefined ? {} : { derivative }),
    ...(derivativeFromOutput === undefined ? {} : { derivativeFromOutput }),
    paramDerivatives: paramDerivatives as Partial<Record<keyof P & string, NumNode>>,
    docs: validateDocs(id, spec.docs, names),
  });
  validated.add(definition);
  return definition;
}

/** Definitions this copy of the package validated; anything else is checked again before it is registered. */
const validated = new WeakSet<object>();

export function isValidatedDefinition(value: unknown): boolean {
  return typeof value === 'object' && value !== null && validated.has(value);
}
