import { RectifyError } from '@rectify/activation-core';

export interface ParsedArgs {
  readonly positionals: readonly string[];
  /** Every value given for each option, in order (`--flag` alone gives 'true'). */
  readonly options: ReadonlyMap<string, readonly string[]>;
}

/**
 * `--name value`, `--name=value` and bare `--flag` (when the next token is another option or absent,
 * or the name is in `flags`). `--no-name` sets `name` to 'false'.
 */
export function parseArgs(argv: readonly string[], flags: ReadonlySet<string>): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const add = (name: string, value: string): void => {
    options.set(name, [...(options.get(name) ?? []), value]);
  };
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] ?? '';
    if (!token.startsWith('--') || token === '--') {
      positionals.push(token);
      continue;
    }
    const body = token.slice(2);
    const equals = body.indexOf('=');
    if (equals >= 0) {
      add(body.slice(0, equals), body.slice(equals + 1));
    } else if (body.startsWith('no-') && flags.has(body.slice(3))) {
      add(body.slice(3), 'false');
    } else if (flags.has(body)) {
      add(body, 'true');
    } else {
      const next = argv[index + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new RectifyError('INVALID_OPTION', `Option --${body} needs a value.`, { option: body });
      add(body, next);
      index += 1;
    }
  }
  return { positionals, options };
}

/** Typed reads of parsed options, each naming the option in its error. */
export class OptionReader {
  private readonly used = new Set<string>();

  constructor(private readonly parsed: ParsedArgs) {}

  string(name: string): string | undefined {
    this.used.add(name);
    return this.parsed.options.get(name)?.at(-1);
  }

  all(name: string): string[] {
    this.used.add(name);
    return (this.parsed.options.get(name) ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
  }

  number(name: string): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) throw new RectifyError('INVALID_OPTION', `--${name} must be a number, got "${text}".`, { option: name, value: text });
    return value;
  }

  integer(name: string): number | undefined {
    const value = this.number(name);
    if (value !== undefined && !Number.isInteger(value)) throw new RectifyError('INVALID_OPTION', `--${name} must be an integer, got ${value}.`, { option: name, value });
    return value;
  }

  flag(name: string): boolean | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (text !== 'true' && text !== 'false') throw new RectifyError('INVALID_OPTION', `--${name} is a flag (true or false), got "${text}".`, { option: name });
    return text === 'true';
  }

  /** Throws for any option no command read: a typo never passes silently. */
  rejectUnknown(): void {
    const unknown = [...this.parsed.options.keys()].filter((name) => !this.used.has(name));
    if (unknown.length > 0) throw new RectifyError('INVALID_OPTION', `Unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `--${name}`).join(', ')}; see --help.`, { unknown });
  }
}
