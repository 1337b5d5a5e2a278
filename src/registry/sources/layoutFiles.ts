// Reading an OCI image layout folder (image-spec image-layout.md) defensively: `oci-layout` and
// `index.json` with size caps and checked shapes, blobs only at paths that stay inside the folder,
// and every blob's bytes checked against its digest (and size, when known) as they are read.
import { createReadStream } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { Descriptor, ImageIndex } from '../types';
import { VerifyingTransform, computeDigest, parseDigest } from '../digest';
import { DigestMismatchError, NotFoundError, RegistryError, SizeMismatchError, TooLargeError } from '../errors';
import { validateDescriptor } from '../manifest';
import { ManifestInvalidError } from '../errors';
import { blobPath } from '../transfers/layout';

/** index.json and oci-layout larger than this are refused: real ones are kilobytes. */
export const MAX_LAYOUT_INDEX_BYTES = 16 * 1024 * 1024;

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Reads a small file of the layout whole, refusing more than `maxBytes`; NotFoundError when it is not there. */
async function readCapped(path: string, maxBytes: number, what: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') throw new NotFoundError(`${what} is missing (${path})`, { cause: error });
    throw new RegistryError(`cannot read ${what} (${path}): ${(error as Error).message}`, { cause: error });
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new TooLargeError(`${what} is ${size} bytes, more than the ${maxBytes}-byte limit (${path})`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new RegistryError(`${what} is not valid JSON`);
  }
}

/** Checks the folder holds an `oci-layout` file naming a layout version. */
export async function checkLayoutMarker(dir: string): Promise<void> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw new NotFoundError(`the OCI layout folder ${dir} is not there`, { cause: error });
  }
  if (!info.isDirectory()) throw new RegistryError(`${dir} is not a folder`);
  const marker = parseJson(await readCapped(join(dir, 'oci-layout'), MAX_LAYOUT_INDEX_BYTES, `the oci-layout file of ${dir}`), `${join(dir, 'oci-layout')}`);
  if (typeof marker !== 'object' || marker === null || typeof (marker as { imageLayoutVersion?: unknown }).imageLayoutVersion !== 'string') {
    throw new RegistryError(`${join(dir, 'oci-layout')} does not name an imageLayoutVersion: not an OCI image layout`);
  }
}

/** index.json with every entry checked as a descriptor. */
export async function readIndex(dir: string): Promise<ImageIndex> {
  const path = join(dir, 'index.json');
  const parsed = parseJson(await readCapped(path, MAX_LAYOUT_INDEX_BYTES, `index.json of the OCI layout ${dir}`), path);
  const manifests = (parsed as { manifests?: unknown } | null)?.manifests;
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(manifests)) throw new ManifestInvalidError(`${path} has no "manifests" array`);
  manifests.forEach((d, i) => validateDescriptor(d, `${path} manifests[${i}]`));
  return parsed as ImageIndex;
}

/**
 * The path of a blob, resolved through symbolic links, when it is a file inside the layout folder;
 * undefined when it does not exist. A blob that resolves outside the folder is refused.
 */
export async function blobFile(dir: string, digest: string): Promise<{ path: string; size: number } | undefined> {
  const path = blobPath(dir, digest);
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return undefined;
    throw new RegistryError(`cannot read blob ${digest} of ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const root = await realpath(dir);
  if (!real.startsWith(root + sep)) throw new RegistryError(`blob ${digest} of ${dir} points outside the layout folder; refusing to read it`);
  const info = await stat(real);
  if (!info.isFile()) throw new RegistryError(`blob ${digest} of ${dir} is not a file`);
  return { path: real, size: info.size };
}

async function requireBlob(dir: string, digest: string): Promise<{ path: string; size: number }> {
  const found = await blobFile(dir, digest);
  if (!found) throw new NotFoundError(`blob ${digest} is missing from the OCI layout ${dir}`);
  return found;
}

function checkSize(digest: string, actual: number, expected: number | undefined): void {
  if (expected !== undefined && actual !== expected) {
    throw new SizeMismatchError(`blob ${digest} of the layout is ${actual} bytes, but ${expected} are expected`, { expected, actual });
  }
}

/** A small blob read whole and verified; refuses more than `maxBytes`. */
export async function readBlobBytes(dir: string, descriptor: Pick<Descriptor, 'digest'> & { size?: number }, maxBytes: number): Promise<Buffer> {
  const { algorithm } = parseDigest(descriptor.digest);
  const file = await requireBlob(dir, descriptor.digest);
  checkSize(descriptor.digest, file.size, descriptor.size);
  const bytes = await readCapped(file.path, maxBytes, `blob ${descriptor.digest}`);
  const actual = computeDigest(bytes, algorithm);
  if (actual !== descriptor.digest) {
    throw new DigestMismatchError(`blob ${descriptor.digest} of the OCI layout ${dir} is corrupt: its bytes hash to ${actual}`, { expected: descriptor.digest, actual });
  }
  return bytes;
}

/** A blob as a stream that fails unless its bytes match the digest and size; the signal stops it. */
export async function openVerifiedBlob(
  dir: string,
  descriptor: Pick<Descriptor, 'digest'> & { size?: number },
  options: { signal?: AbortSignal; onProgress?: (transferred: number) => void } = {},
): Promise<Readable> {
  const file = await requireBlob(dir, descriptor.digest);
  checkSize(descriptor.digest, file.size, descriptor.size);
  const verifier = new VerifyingTransform({ digest: descriptor.digest, size: file.size, onProgress: options.onProgress });
  const source = createReadStream(file.path, { highWaterMark: 1024 * 1024, signal: options.signal });
  source.on('error', (error) => verifier.destroy(error));
  verifier.on('close', () => source.destroy());
  return source.pipe(verifier);
}
