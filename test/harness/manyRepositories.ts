// Fills a real docker-registry with thousands of repositories fast. One image is pushed through the
// API; the link files of its repository folder in the registry's storage (tag, manifest and layer
// links; the catalog lists a folder by its `_layers`) are then written again under every other
// name, so each copy is a complete repository sharing the same blobs. Pushing to each repository
// over HTTP takes about 40 ms here; writing its six links, about a third of a millisecond.
import { mkdirSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { buildImage, imageBlobs } from './fixtures';
import { rawPushBlob, rawPutManifest } from './fixturesUpload';
import type { RunningRegistry } from './registryServer';

const REPOSITORIES_DIR = ['data', 'docker', 'registry', 'v2', 'repositories'];

/** `count` repositories named `<prefix>/NNNNN` (sorted as numbered), each with tag `v1` of one image; returns the names. */
export async function seedManyRepositories(registry: RunningRegistry, count: number, prefix = 'many'): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}/${String(i).padStart(5, '0')}`);
  const image = buildImage({ label: prefix });
  const target = { url: registry.url };
  for (const blob of imageBlobs(image)) await rawPushBlob(target, names[0], blob);
  await rawPutManifest(target, names[0], 'v1', image.manifest);
  const root = join(registry.rootDir, ...REPOSITORIES_DIR);
  const source = join(root, names[0]);
  const links = await Promise.all((await readdir(source, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map(async (entry) => ({ path: relative(source, join(entry.parentPath, entry.name)), text: await readFile(join(entry.parentPath, entry.name)) })));
  // Synchronous calls: tens of thousands of tiny files go several times faster than through the thread pool.
  for (const name of names.slice(1)) {
    for (const link of links) {
      const path = join(root, name, link.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, link.text);
    }
  }
  return names;
}
