import { nodeCrypto, nodeFs, nodePath } from '../node-builtins.js';

/** fsyncs a directory so a rename inside it survives a crash (not supported everywhere: best effort). */
async function syncDirectory(directory: string): Promise<void> {
  const { open } = nodeFs();
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms cannot open or fsync directories; the rename is still atomic there.
  }
}

/**
 * Writes `data` to `path` so that a reader sees either the old file or the complete new one: write a
 * temporary file in the same directory, fsync it, rename it over `path`, fsync the directory.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const { open, rename, rm } = nodeFs();
  const { basename, dirname, join } = nodePath();
  const { randomBytes } = nodeCrypto();
  const directory = dirname(path);
  const temporary = join(directory, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(directory);
}
