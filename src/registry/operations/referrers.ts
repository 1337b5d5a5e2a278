// Referrers of a manifest: the OCI 1.1 referrers API, or the tag-schema fallback (`sha256-<hex>`
// index) where the API is missing (404).
import type { CallOptions, Descriptor } from '../types';
import { parseDigest } from '../digest';
import { NotFoundError } from '../errors';
import { OCI_INDEX } from '../mediaTypes';
import { expectStatus, readBodyBytes } from '../transport/body';
import { asObject, parseJson, repoPath, type OperationContext } from './context';
import { getManifest, MAX_MANIFEST_BYTES } from './manifests';
import { referrersTagFor } from './referrersTag';

function descriptorsOf(value: unknown): Descriptor[] {
  const manifests = asObject(value, 'referrers index').manifests;
  if (!Array.isArray(manifests)) return [];
  return manifests.filter(
    (d): d is Descriptor => typeof d === 'object' && d !== null && typeof d.digest === 'string' && typeof d.mediaType === 'string' && typeof d.size === 'number',
  );
}

export async function listReferrers(
  context: OperationContext,
  repository: string,
  digest: string,
  options: CallOptions & { artifactType?: string } = {},
): Promise<Descriptor[]> {
  parseDigest(digest);
  const query = options.artifactType ? `?${new URLSearchParams({ artifactType: options.artifactType })}` : '';
  const response = await context.transport.send({
    method: 'GET',
    url: repoPath(repository, `referrers/${digest}${query}`),
    headers: { accept: OCI_INDEX },
    streamStatuses: [200],
    signal: options.signal,
  });
  let found: Descriptor[];
  if (response.status === 404) {
    const tag = referrersTagFor(digest);
    context.log?.('debug', 'referrers', `no referrers API on ${context.transport.endpoint.host}; trying the tag ${tag}`);
    try {
      const fallback = await getManifest(context, repository, tag, { signal: options.signal, accept: [OCI_INDEX] });
      found = descriptorsOf(fallback.manifest);
    } catch (error) {
      if (error instanceof NotFoundError) return [];
      throw error;
    }
  } else {
    await expectStatus(response, [200]);
    found = descriptorsOf(parseJson(await readBodyBytes(response, MAX_MANIFEST_BYTES, 'referrers index'), 'referrers index'));
  }
  // Servers may ignore the filter (OCI-Filters-Applied tells); filtering again is harmless.
  return options.artifactType ? found.filter((d) => d.artifactType === options.artifactType) : found;
}
