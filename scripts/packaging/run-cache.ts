import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder for this test run, made by scripts/packaging/global-setup.ts and removed after the run. */
    packagingRunDir: string;
  }
}

let fallbackDir: string | undefined;

/**
 * The folder this test run shares between test files (each runs in its own worker process). Without
 * the global set-up (another vitest config), a folder for this process alone.
 */
export function runDir(): string {
  const provided = inject('packagingRunDir') as string | undefined;
  if (provided !== undefined) return provided;
  fallbackDir ??= mkdtempSync(join(tmpdir(), 'rectify-packaging-'));
  return fallbackDir;
}

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const inProcess = new Map<string, Promise<unknown>>();

const holderAlive = (lock: string): boolean => {
  const pidFile = join(lock, 'pid');
  if (!existsSync(pidFile)) return true; // just created: the pid follows
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Runs `produce` once per test run across all test files: the first caller takes a lock folder and
 * produces `<key>.json` (a JSON value, or the error), the others wait for it. A failure is reported
 * to every caller rather than retried, so a broken step costs its time once.
 */
export function once<T>(key: string, produce: (folder: string) => Promise<T>, timeoutMs = 15 * 60_000): Promise<T> {
  let pending = inProcess.get(key) as Promise<T> | undefined;
  if (pending === undefined) {
    pending = acquire(key, produce, timeoutMs);
    inProcess.set(key, pending);
  }
  return pending;
}

async function acquire<T>(key: string, produce: (folder: string) => Promise<T>, timeoutMs: number): Promise<T> {
  const dir = runDir();
  const resultFile = join(dir, `${key}.json`);
  const lock = join(dir, `${key}.lock`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(resultFile)) {
      const outcome = JSON.parse(readFileSync(resultFile, 'utf8')) as Outcome<T>;
      if (outcome.ok) return outcome.value;
      throw new Error(`${key} failed (in another test file of this run):\n${outcome.error}`);
    }
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      if (!holderAlive(lock)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`Timed out waiting for ${key} (lock ${lock}).`);
      else await sleep(250);
    }
    if (!mine) continue;
    writeFileSync(join(lock, 'pid'), String(process.pid));
    const write = (outcome: Outcome<T>): void => {
      writeFileSync(`${resultFile}.tmp`, JSON.stringify(outcome));
      renameSync(`${resultFile}.tmp`, resultFile);
    };
    try {
      const value = await produce(join(dir, key));
      write({ ok: true, value });
      return value;
    } catch (error) {
      write({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      throw error;
    }
  }
}
