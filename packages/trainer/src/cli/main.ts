import { builtinActivations, createRegistry, isRectifyError, RectifyError } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import type { CliIo } from './cli-io.js';
import { print } from './cli-io.js';
import { compareCommand } from './commands/compare-command.js';
import { depthCommand } from './commands/depth-command.js';
import { dyingReluCommand } from './commands/dying-relu-command.js';
import { helpText } from './help-text.js';
import { OptionReader, parseArgs } from './parse-args.js';
import { loadPluginModule } from './resolve-activation.js';
import { flagOptions } from './run-config.js';

/** Runs `rectify-train` with `argv` (without the node and script paths); returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseArgs(argv, flagOptions);
    const reader = new OptionReader(parsed);
    const [command, sub] = parsed.positionals;
    if (command === undefined || command === 'help' || reader.flag('help') === true) {
      print(io.stdout, helpText);
      return 0;
    }
    const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
    const plugins: string[] = [smoothPlugin.name];
    for (const specifier of reader.all('plugin')) plugins.push(...(await loadPluginModule(registry, specifier, io.cwd)));
    const context = { io, registry, plugins };
    if (command === 'train' || command === 'compare') await compareCommand(reader, context, command);
    else if (command === 'experiment' && sub === 'dying-relu') await dyingReluCommand(reader, context);
    else if (command === 'experiment' && sub === 'depth') await depthCommand(reader, context);
    else throw new RectifyError('INVALID_OPTION', `Unknown command "${parsed.positionals.join(' ')}"; try train, compare, experiment dying-relu, experiment depth or help.`);
    return 0;
  } catch (error) {
    print(io.stderr, isRectifyError(error) ? `error [${error.code}]: ${error.message}` : `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return isRectifyError(error) ? 2 : 1;
  }
}

/** Entry point of the `rectify-train` bin. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await runCli(argv, { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
}
