// "Save File As…": one file of an image or layer written into a folder the user chose. The content is
// written to a new temporary name (created exclusively, so no existing file or symlink is followed)
// and renamed into place; a symlink of the image is never followed, and nothing lands outside the folder.
import { randomBytes } from 'node:crypto';
import { open, realpath, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AbortedError, NotFoundError, RegistryError, UnsupportedError } from '../errors';
import type { ImageFiles, LayerIndex } from './api';
import { CachedLayer, describeType } from './cachedLayer';
import { MergedImageFiles } from './imageFiles';
import { normaliseName } from './entryPath';

/** A single name in a folder: no separators, no NUL, not '.' or '..'. */
export function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

async function contentStream(source: ImageFiles | LayerIndex, path: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream> {
  const clean = normaliseName(path).path;
  if (source instanceof MergedImageFiles) {
    const node = source.stat(clean);
    if (!node) throw new NotFoundError(`${JSON.stringify(clean)} is not in the image`);
    if (node.type === 'symlink') throw new UnsupportedError(`${JSON.stringify(clean)} is a symbolic link to ${JSON.stringify(node.linkTarget)}; it is not followed: save its target instead`);
    if (node.type !== 'file' && node.type !== 'hardlink') throw new UnsupportedError(`${JSON.stringify(clean)} is a ${describeType(node)}; only files can be saved`);
    return source.openFile(clean, { signal });
  }
  if (source instanceof CachedLayer) {
    const item = source.find(clean);
    if (!item) throw new NotFoundError(`layer ${source.digest} has no entry ${JSON.stringify(clean)}`);
    const { entry } = item;
    if (entry.type === 'symlink') throw new UnsupportedError(`${JSON.stringify(clean)} is a symbolic link to ${JSON.stringify(entry.linkTarget)}; it is not followed: save its target instead`);
    if (entry.type !== 'file' && entry.type !== 'hardlink') throw new UnsupportedError(`${JSON.stringify(clean)} is a ${describeType(entry)}; only files can be saved`);
    return source.openEntry(item, { signal });
  }
  throw new UnsupportedError('saving needs an image or layer opened by the layer store');
}

/** Writes the file at `path` as `destinationFolder/fileName`; returns the written path. */
export async function extractEntry(
  source: ImageFiles | LayerIndex,
  path: string,
  destinationFolder: string,
  fileName: string,
  options: { signal?: AbortSignal } = {},
): Promise<string> {
  if (!isPlainFileName(fileName)) throw new RegistryError(`${JSON.stringify(fileName)} is not a plain file name (no folders, no "..")`);
  const folder = await realpath(destinationFolder);
  const target = join(folder, fileName);
  const input = await contentStream(source, path, options.signal);
  const temp = join(folder, `.${fileName}.${randomBytes(6).toString('hex')}.part`);
  // Plain read/write permissions: never the image's setuid or executable bits.
  const handle = await open(temp, 'wx', 0o644);
  try {
    // The stream closes the handle when it ends, also on failure.
    await pipeline(input, handle.createWriteStream(), { signal: options.signal });
    await rename(temp, target);
    return target;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    if (options.signal?.aborted) throw new AbortedError('saving the file was cancelled');
    throw error;
  }
}
