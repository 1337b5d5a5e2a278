// OCI image layout folders (image-spec image-layout.md): `oci-layout`, `index.json`, `blobs/<alg>/<hex>`.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Descriptor, ImageIndex } from '../types';
import { computeDigest, parseDigest } from '../digest';
import { DigestMismatchError, NotFoundError, RegistryError } from '../errors';
import { OCI_INDEX, OCI_LAYOUT_FILE_VERSION } from '../mediaTypes';

export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

export function blobPath(layoutDir: string, digest: string): string {
  const { algorithm, hex } = parseDigest(digest);
  return join(layoutDir, 'blobs', algorithm, hex);
}

/** Writes a file through a temp name so readers never see half of it. */
export async function writeFileAtomic(path: string, data: Buffer | string): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function initLayout(layoutDir: string): Promise<void> {
  await mkdir(join(layoutDir, 'blobs', 'sha256'), { recursive: true });
  await writeFileAtomic(join(layoutDir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: OCI_LAYOUT_FILE_VERSION }));
}

export async function readLayoutIndex(layoutDir: string): Promise<ImageIndex> {
  let text: string;
  try {
    text = await readFile(join(layoutDir, 'index.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`${layoutDir} is not an OCI image layout (no index.json)`);
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RegistryError(`${join(layoutDir, 'index.json')} is not valid JSON`);
  }
  const index = parsed as ImageIndex;
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(index.manifests)) {
    throw new RegistryError(`${join(layoutDir, 'index.json')} has no "manifests" array`);
  }
  return index;
}

/** Adds (or replaces, by ref name) a root descriptor in index.json. */
export async function addToLayoutIndex(layoutDir: string, descriptor: Descriptor): Promise<void> {
  let index: ImageIndex;
  try {
    index = await readLayoutIndex(layoutDir);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] };
  }
  const name = descriptor.annotations?.[REF_NAME_ANNOTATION];
  index.manifests = index.manifests.filter((d) => (name ? d.annotations?.[REF_NAME_ANNOTATION] !== name : d.digest !== descriptor.digest));
  index.manifests.push(descriptor);
  await writeFileAtomic(join(layoutDir, 'index.json'), JSON.stringify(index, null, 2));
}

/** Reads a blob of the layout and checks it against its digest (and size when given). */
export async function readLayoutBlob(layoutDir: string, descriptor: Pick<Descriptor, 'digest'> & { size?: number }): Promise<Buffer> {
  const bytes = await readFile(blobPath(layoutDir, descriptor.digest));
  const actual = computeDigest(bytes, parseDigest(descriptor.digest).algorithm);
  if (actual !== descriptor.digest || (descriptor.size !== undefined && bytes.length !== descriptor.size)) {
    throw new DigestMismatchError(`layout blob ${descriptor.digest} is corrupt (hashes to ${actual}, ${bytes.length} bytes)`, { expected: descriptor.digest, actual });
  }
  return bytes;
}
