// What a tag or manifest row says about its manifest: kind, compressed size, created time. Worked
// out from the manifest (and, for a time, the image config) with no vscode import, so it is tested alone.
import { classifyManifest, isRunnablePlatform, type ManifestKindInfo } from '../../registry/artifactKinds';
import { isImageIndex, platformLabel } from '../../registry/manifest';
import { DOCKER_CONFIG, OCI_CONFIG } from '../../registry/mediaTypes';
import type { Descriptor, FetchedManifest, ImageManifest, RegistryService, TagInfo } from '../../registry/types';

export const CREATED_ANNOTATION = 'org.opencontainers.image.created';

export interface PlatformSize { platform: string; digest: string; size: number }

export interface ManifestDetails {
  digest: string;
  mediaType: string;
  kind: ManifestKindInfo;
  /** Config plus layers as stored (compressed), for an image or artifact manifest. */
  size?: number;
  /** For an index: each runnable platform's image size. */
  platformSizes?: PlatformSize[];
  /** `created` of the image config (an index: of its first platform's). */
  configCreated?: string;
  /** The manifest's `org.opencontainers.image.created` annotation. */
  annotationCreated?: string;
  /** An image manifest's config descriptor, kept so an index can read its first platform's date later. */
  config?: Descriptor;
}

export type CreatedSource = 'registry' | 'config' | 'annotation';
export interface CreatedTime { time: string; source: CreatedSource }

/**
 * The time a row shows: the registry's own listing time (e.g. ACR's last update of the tag) first,
 * then the image config's `created`, then the `org.opencontainers.image.created` annotation. Values
 * that are no readable time are skipped.
 */
export function chooseCreated(tag: TagInfo | undefined, details: ManifestDetails | undefined): CreatedTime | undefined {
  const candidates: Array<[string | undefined, CreatedSource]> = [
    [tag?.lastUpdatedOn ?? tag?.createdOn, 'registry'],
    [details?.configCreated, 'config'],
    [details?.annotationCreated, 'annotation'],
  ];
  for (const [time, source] of candidates) if (time && Number.isFinite(Date.parse(time))) return { time, source };
  return undefined;
}

/** Config plus layers; undefined when a size is missing or not a whole number (a broken manifest). */
export function imageSize(manifest: Partial<ImageManifest>): number | undefined {
  const parts = [manifest.config, ...(Array.isArray(manifest.layers) ? manifest.layers : [])];
  let total = 0;
  for (const part of parts) {
    if (!part || !Number.isSafeInteger(part.size) || part.size < 0) return undefined;
    total += part.size;
  }
  return total;
}

export interface SizeSummary { smallest: number; largest: number; total: number }

/** Smallest, largest and summed platform sizes of an index; undefined when it has none. */
export function summarizeSizes(sizes: readonly PlatformSize[] | undefined): SizeSummary | undefined {
  if (!sizes || sizes.length === 0) return undefined;
  const values = sizes.map((s) => s.size);
  return { smallest: Math.min(...values), largest: Math.max(...values), total: values.reduce((a, b) => a + b, 0) };
}

/** How details fetch what they need; every call is one request and honours the signal. */
export interface DetailsSource {
  client: Pick<RegistryService, 'getManifest' | 'fetchBlob'>;
  repository: string;
  /** Details already worked out for a digest of this repository, if any. */
  cached(digest: string): ManifestDetails | undefined;
  remember(details: ManifestDetails): void;
  /** False when the listing already gives times: then no config is fetched just for its date. */
  wantsConfigTime: boolean;
  signal?: AbortSignal;
}

const CONFIG_TIME_LIMIT = 1024 * 1024;

/** Details of a fetched manifest; requests run one after another (an index: its platforms, then one config). */
export async function detailsOf(fetched: FetchedManifest, source: DetailsSource): Promise<ManifestDetails> {
  const known = source.cached(fetched.digest);
  if (known) return known;
  const manifest = fetched.manifest;
  const details: ManifestDetails = { digest: fetched.digest, mediaType: fetched.mediaType, kind: classifyManifest(manifest) };
  const annotation = manifest.annotations?.[CREATED_ANNOTATION];
  if (typeof annotation === 'string') details.annotationCreated = annotation;
  if (isImageIndex(manifest)) {
    const platforms = (Array.isArray(manifest.manifests) ? manifest.manifests : []).filter(isRunnablePlatform);
    details.platformSizes = [];
    let firstConfig: Descriptor | undefined;
    for (const entry of platforms) {
      const child = await childDetails(entry, source);
      if (child.size !== undefined) details.platformSizes.push({ platform: platformLabel(entry.platform), digest: entry.digest, size: child.size });
      firstConfig ??= child.config;
    }
    if (typeof annotation !== 'string') details.configCreated = await configCreated(firstConfig, source);
  } else {
    const image = manifest as Partial<ImageManifest>;
    details.size = imageSize(image);
    details.config = image.config;
    details.configCreated = await configCreated(image.config, source);
  }
  source.remember(details);
  return details;
}

/** A platform's own manifest, fetched by digest unless its details are known already. */
async function childDetails(entry: Descriptor, source: DetailsSource): Promise<ManifestDetails> {
  const known = source.cached(entry.digest);
  if (known) return known;
  const fetched = await source.client.getManifest(source.repository, entry.digest, { signal: source.signal });
  const details: ManifestDetails = { digest: fetched.digest, mediaType: fetched.mediaType, kind: classifyManifest(fetched.manifest) };
  if (!isImageIndex(fetched.manifest)) {
    const image = fetched.manifest as Partial<ImageManifest>;
    details.size = imageSize(image);
    details.config = image.config;
  }
  source.remember(details);
  return details;
}

/** The config's `created`, read only for image configs and only when the listing has no times. */
async function configCreated(config: Descriptor | undefined, source: DetailsSource): Promise<string | undefined> {
  if (!source.wantsConfigTime || !config || (config.mediaType !== OCI_CONFIG && config.mediaType !== DOCKER_CONFIG)) return undefined;
  if (!(config.size <= CONFIG_TIME_LIMIT)) return undefined;
  const bytes = await source.client.fetchBlob(source.repository, config, { signal: source.signal, maxBytes: CONFIG_TIME_LIMIT });
  try {
    const created = (JSON.parse(bytes.toString('utf8')) as { created?: unknown }).created;
    return typeof created === 'string' ? created : undefined;
  } catch {
    return undefined;
  }
}
