// Remembers which files and folders an operation created, so that a failed or cancelled operation
// can remove exactly those: never a folder that existed before, nor a file that was already there.
import { lstat, mkdir, rm } from 'node:fs/promises';

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

export class CreatedPaths {
  /** Newest last; removed newest first. A folder listed here was created whole by this operation. */
  private readonly paths: string[] = [];

  /** `mkdir -p`, remembering the top-most folder it had to create. */
  async mkdir(dir: string): Promise<void> {
    const first = await mkdir(dir, { recursive: true });
    if (first !== undefined) this.paths.push(first);
  }

  /** Runs `write` for `path`; remembers the file when it did not exist before. */
  async write<T>(path: string, write: () => Promise<T>): Promise<T> {
    const existed = await exists(path);
    const result = await write();
    if (!existed) this.paths.push(path);
    return result;
  }

  /** Removes what was created, newest first; errors are ignored (the original failure matters more). */
  async undo(): Promise<void> {
    for (const path of this.paths.reverse()) await rm(path, { recursive: true, force: true }).catch(() => undefined);
    this.paths.length = 0;
  }
}
