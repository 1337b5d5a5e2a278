// What `files` and `cat` share: the image manifest a reference names (one platform of an index), and
// the layer cache under the user's cache folder (or a temporary one with --no-cache).
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FetchedManifest, Reference, RegistryService } from '../registry/types';
import { NotFoundError } from '../registry/errors';
import { isImageIndex, platformLabel } from '../registry/manifest';
import { referenceTarget } from '../registry/reference';
import { defaultPlatform, matchesPlatform } from '../registry/transfers/pullPlan';
import { LayerStore } from '../registry/imagefs/layerStore';
import { flag, isSet, UsageError, type FlagSpec, type ParsedArgs } from './args';
import { stderrLog, type CliIo } from './connect';

/** Cached layers kept at most, all images together; the least recently used go first. */
export const CLI_CACHE_MAX_BYTES = 4 * 1024 * 1024 * 1024;

export const IMAGE_SOURCE_FLAGS: Record<string, FlagSpec> = { platform: {}, 'no-cache': { boolean: true } };

export const IMAGE_SOURCE_HELP = [
  '  --platform os/arch[/variant]  which image of an index (default: this machine\'s, linux/<arch>)',
  '  --no-cache         download into a temporary folder removed afterwards',
  `  Layers are kept, uncompressed and indexed, in $XDG_CACHE_HOME/crx/layers (default ~/.cache/crx/layers),`,
  `  at most ${CLI_CACHE_MAX_BYTES / 1024 ** 3} GiB; delete that folder to clear it.`,
  '  <ref> may be a local OCI layout as skopeo names it: oci:<folder>:<tag> or oci:<folder>@<digest>,',
  '  its layers read from the folder (no network), verified and cached like a registry\'s.',
].join('\n');

export function layerCacheDirectory(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'crx', 'layers');
}

function platformFlag(args: ParsedArgs): string | undefined {
  const platform = flag(args, 'platform');
  if (platform && !/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(platform)) throw new UsageError(`--platform "${platform}": expected os/arch[/variant]`);
  return platform;
}

/** The image manifest of `ref`; for an index, the entry for --platform (or this machine's). */
export async function imageManifest(client: RegistryService, ref: Reference, args: ParsedArgs, io: CliIo): Promise<FetchedManifest> {
  const wanted = platformFlag(args);
  const fetched = await client.getManifest(ref.repository, referenceTarget(ref), { signal: io.signal });
  if (!isImageIndex(fetched.manifest)) return fetched;
  const platform = wanted ?? defaultPlatform();
  const child = fetched.manifest.manifests.find((d) => matchesPlatform(d.platform, platform));
  if (!child) {
    const available = fetched.manifest.manifests.map((d) => platformLabel(d.platform)).join(', ');
    throw new NotFoundError(`${ref.repository}:${referenceTarget(ref)} has no ${platform} image (available: ${available || 'none'}); use --platform`);
  }
  return client.getManifest(ref.repository, child.digest, { signal: io.signal });
}

/** Runs `body` with a layer store: the user's cache, or with --no-cache a temporary folder removed afterwards. */
export async function withLayerStore<T>(args: ParsedArgs, io: CliIo, body: (store: LayerStore) => Promise<T>): Promise<T> {
  const log = stderrLog(args, io);
  if (!isSet(args, 'no-cache')) return body(new LayerStore({ directory: layerCacheDirectory(), maxBytes: CLI_CACHE_MAX_BYTES, log }));
  const directory = await mkdtemp(join(tmpdir(), 'crx-layers-'));
  try {
    return await body(new LayerStore({ directory, maxBytes: Number.MAX_SAFE_INTEGER, log }));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
