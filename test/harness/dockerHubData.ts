// What the Docker Hub API test server lists, read straight from a docker-registry 2.8.2 filesystem
// store: a namespace's repositories (the directories under it) and their tags with the fields the
// Docker Hub API reference gives a tag (full_size: config and layers, compressed; images per
// platform; times from the tag's link file). No top-level digest: the reference's tag has none.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readStoredTags, repositoryExists } from './acrMetadata';

export interface HubTagEntry {
  id: number;
  name: string;
  full_size: number;
  images: Array<{ architecture?: string; os?: string; variant?: string | null; digest: string; size: number; status: 'active'; last_pushed: string; last_pulled: null }>;
  last_updated: string;
  tag_last_pushed: string;
  tag_last_pulled: null;
  tag_status: 'active';
  status: 'active';
  v2: true;
}

function repositoriesRoot(storageRoot: string): string {
  return join(storageRoot, 'docker', 'registry', 'v2', 'repositories');
}

function blobPath(storageRoot: string, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(storageRoot, 'docker', 'registry', 'v2', 'blobs', 'sha256', hex.slice(0, 2), hex, 'data');
}

async function readJsonBlob(storageRoot: string, digest: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(blobPath(storageRoot, digest), 'utf8')) as Record<string, unknown>;
}

/** Repository names (without the namespace) that hold at least one manifest. */
export async function namespaceRepositories(storageRoot: string, namespace: string): Promise<string[] | undefined> {
  let names: string[];
  try {
    names = await readdir(join(repositoriesRoot(storageRoot), namespace));
  } catch {
    return undefined;
  }
  const found: string[] = [];
  for (const name of names.sort()) if (await repositoryExists(storageRoot, `${namespace}/${name}`)) found.push(name);
  return found;
}

interface Descriptor { digest: string; size: number; platform?: { architecture?: string; os?: string; variant?: string } }

/** An image's compressed size and platform (from its config); for an index, each platform's image. */
async function imagesOf(storageRoot: string, digest: string, time: string): Promise<HubTagEntry['images']> {
  const manifest = await readJsonBlob(storageRoot, digest);
  if (Array.isArray(manifest.manifests)) {
    const children = manifest.manifests as Descriptor[];
    const images = await Promise.all(children.map(async (child) => {
      const [image] = await imagesOf(storageRoot, child.digest, time).catch(() => [undefined]);
      return image ? { ...image, ...child.platform, variant: child.platform?.variant ?? null } : undefined;
    }));
    return images.filter((image) => image !== undefined);
  }
  const config = manifest.config as Descriptor;
  const layers = (manifest.layers ?? []) as Descriptor[];
  const size = config.size + layers.reduce((sum, layer) => sum + layer.size, 0);
  const platform = await readJsonBlob(storageRoot, config.digest).catch(() => ({} as Record<string, unknown>));
  return [{
    architecture: typeof platform.architecture === 'string' ? platform.architecture : undefined,
    os: typeof platform.os === 'string' ? platform.os : undefined,
    variant: typeof platform.variant === 'string' ? platform.variant : null,
    digest, size, status: 'active', last_pushed: time, last_pulled: null,
  }];
}

/** The repository's tags, newest push first (the Hub's order), then by name. */
export async function repositoryTags(storageRoot: string, repository: string): Promise<HubTagEntry[]> {
  const stored = await readStoredTags(storageRoot, repository);
  const entries = await Promise.all(stored.map(async (tag, index): Promise<HubTagEntry> => {
    const images = await imagesOf(storageRoot, tag.digest, tag.lastUpdateTime);
    return {
      id: index + 1, name: tag.name, full_size: images[0]?.size ?? 0, images,
      last_updated: tag.lastUpdateTime, tag_last_pushed: tag.lastUpdateTime, tag_last_pulled: null, tag_status: 'active', status: 'active', v2: true,
    };
  }));
  return entries.sort((a, b) => b.last_updated.localeCompare(a.last_updated) || a.name.localeCompare(b.name));
}
