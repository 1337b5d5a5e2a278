// Helpers for copy and tag tests: content put into a real registry by skopeo (not by the project's
// client), the requests a docker-registry served (read from its own log), and skopeo's view of an
// image, as the independent check that a copy kept every byte.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOciLayout, writeSkopeoDir, type BlobData, type BuiltIndex } from './fixtures';
import type { RunningRegistry } from './registryServer';
import { dockerTransport, skopeoAccessFor, skopeoCopy, skopeoCopyToDir, skopeoInspectRaw } from './skopeo';

/** Pushes `root` (an image or an index) and its blobs with skopeo from an OCI layout. */
export async function seedWithSkopeo(registry: RunningRegistry, repositoryAndTag: string, root: BlobData, blobs: BlobData[], credentials?: { username: string; password: string }): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'crx-copy-seed-'));
  try {
    await writeOciLayout(dir, [{ tag: 'seed', root }], blobs);
    await skopeoCopy(`oci:${dir}:seed`, dockerTransport(registry.host, repositoryAndTag), { dest: await skopeoAccessFor(registry, credentials), all: true });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Pushes a Docker manifest list and its images with skopeo from a `dir:` folder (its oci: transport refuses Docker types). */
export async function seedDockerListWithSkopeo(registry: RunningRegistry, repositoryAndTag: string, built: BuiltIndex): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'crx-copy-list-'));
  try {
    await writeSkopeoDir(dir, built.index, built.images.map((i) => i.manifest), built.images.flatMap((i) => [i.config, ...i.layers]));
    await skopeoCopy(`dir:${dir}`, dockerTransport(registry.host, repositoryAndTag), { dest: await skopeoAccessFor(registry), all: true });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface ServedRequest {
  method: string;
  uri: string;
  status: number;
}

/** Every request the registry logged as completed (its last 200 log lines). */
export function servedRequests(registry: RunningRegistry): ServedRequest[] {
  return registry.logs().split('\n').flatMap((line) => {
    if (!line.includes('msg="response completed"')) return [];
    const method = /http\.request\.method=(\w+)/.exec(line)?.[1];
    const uri = /http\.request\.uri="?([^"\s]+)/.exec(line)?.[1];
    const status = Number(/http\.response\.status=(\d+)/.exec(line)?.[1]);
    return method && uri ? [{ method, uri, status }] : [];
  });
}

/** Exact manifest bytes as skopeo reads them. */
export async function rawManifest(registry: RunningRegistry, reference: string, credentials?: { username: string; password: string }): Promise<Buffer> {
  return skopeoInspectRaw(dockerTransport(registry.host, reference), await skopeoAccessFor(registry, credentials));
}

/** skopeo's `dir:` copy of an image (every platform), as file name → bytes. */
export async function skopeoDirFiles(registry: RunningRegistry, reference: string, credentials?: { username: string; password: string }): Promise<Map<string, Buffer>> {
  const dir = await mkdtemp(join(tmpdir(), 'crx-copy-dir-'));
  try {
    await skopeoCopyToDir(dockerTransport(registry.host, reference), join(dir, 'out'), await skopeoAccessFor(registry, credentials), { all: true });
    const files = new Map<string, Buffer>();
    for (const name of (await readdir(join(dir, 'out'))).sort()) files.set(name, await readFile(join(dir, 'out', name)));
    return files;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Status of a plain HEAD to the registry (anonymous registries). */
export async function headStatus(registry: RunningRegistry, path: string, accept?: string): Promise<number> {
  const response = await fetch(`${registry.url}${path}`, { method: 'HEAD', headers: accept ? { accept } : {} });
  return response.status;
}

export const ALL_MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json', 'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');
