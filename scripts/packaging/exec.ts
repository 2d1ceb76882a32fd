import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly command: string;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

export interface CommandOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Kill the command after this many milliseconds (default 5 minutes). */
  readonly timeoutMs?: number;
  /** Resolve with a non-zero exit code instead of rejecting. */
  readonly allowFailure?: boolean;
}

/**
 * The environment for a command run outside the test runner: the parent's, without what the runner
 * and the package manager that started it set for themselves (VITEST_*, npm_config_*, NODE_OPTIONS),
 * so a nested `npm` or `vitest` behaves as it would in a terminal.
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|npm_|NODE_OPTIONS$|NODE_ENV$|TEST$|PNPM_|RECTIFY_TEST_REPORT$)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs a command without a shell; rejects with its output when it fails (unless allowFailure). */
export function run(file: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  const command = [file, ...args].join(' ');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${command} (in ${options.cwd}) did not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result: CommandResult = {
        command,
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        seconds: (performance.now() - started) / 1000,
      };
      if (code === 0 || options.allowFailure === true) resolve(result);
      else reject(new Error(`${command} (in ${options.cwd}) exited with ${code ?? signal ?? '?'} after ${result.seconds.toFixed(1)} s\n${tail(result.stdout)}\n${tail(result.stderr)}`));
    });
  });
}

export const tail = (text: string, characters = 4000): string => (text.length > characters ? `…${text.slice(-characters)}` : text);
