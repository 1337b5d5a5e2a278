// One manifest as ACR's /acr/v1/{name}/_manifests lists it (ManifestAttributesBase in the ACR
// data-plane spec), read from the docker-registry behind the ACR look-alike: the image size (config and
// layers), the platform from its config, and the tags that point at it (none for an untagged one).
import { readStoredManifests, type StoredTag } from './acrMetadata';

const OCI_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

export type RegistryGet = (path: string, scope: string, accept?: string) => Promise<{ status: number; body: string; headers: Headers }>;

export async function acrManifestEntry(storage: string, registryGet: RegistryGet, name: string, digest: string, tags: StoredTag[]): Promise<Record<string, unknown> | undefined> {
  const stored = (await readStoredManifests(storage, name)).find((m) => m.digest === digest);
  if (!stored) return undefined;
  const fetched = await registryGet(`/v2/${name}/manifests/${digest}`, `repository:${name}:pull`, OCI_ACCEPT);
  if (fetched.status !== 200) return undefined;
  const manifest = JSON.parse(fetched.body) as { mediaType?: string; config?: { digest: string; mediaType?: string; size?: number }; layers?: Array<{ size?: number }> };
  let platform: { architecture?: string; os?: string } = {};
  if (manifest.config) {
    const config = await registryGet(`/v2/${name}/blobs/${manifest.config.digest}`, `repository:${name}:pull`);
    try {
      platform = JSON.parse(config.body) as typeof platform;
    } catch {
      platform = {};
    }
  }
  const imageSize = manifest.config
    ? (manifest.config.size ?? 0) + (manifest.layers ?? []).reduce((sum, layer) => sum + (layer.size ?? 0), 0)
    : Buffer.byteLength(fetched.body);
  return {
    digest,
    imageSize,
    createdTime: stored.createdTime,
    lastUpdateTime: stored.lastUpdateTime,
    architecture: typeof platform.architecture === 'string' ? platform.architecture : undefined,
    os: typeof platform.os === 'string' ? platform.os : undefined,
    mediaType: manifest.mediaType ?? fetched.headers.get('content-type') ?? undefined,
    configMediaType: manifest.config?.mediaType,
    tags: tags.filter((t) => t.digest === digest).map((t) => t.name),
  };
}
