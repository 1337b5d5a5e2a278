// Referrers of a manifest: the OCI 1.1 referrers API, or the tag-schema fallback (`sha256-<hex>`
// index) where the API is missing (404, remembered per repository for the client's life).
import type { CallOptions, Descriptor } from '../types';
import { parseDigest } from '../digest';
import { NotFoundError } from '../errors';
import { validateDescriptor } from '../manifest';
import { OCI_INDEX } from '../mediaTypes';
import { expectStatus, readBodyBytes } from '../transport/body';
import { asObject, parseJson, repoPath, type OperationContext } from './context';
import { validEntries } from './listing';
import { getManifest, MAX_MANIFEST_BYTES } from './manifests';
import { referrersTagFor } from './referrersTag';

function isValidDescriptor(value: unknown): value is Descriptor {
  try {
    validateDescriptor(value);
    return true;
  } catch {
    return false;
  }
}

/** The index's descriptors that pass the OCI descriptor rules; the others are dropped and counted in the log. */
function descriptorsOf(context: OperationContext, value: unknown): Descriptor[] {
  const manifests = asObject(value, 'referrers index').manifests;
  return validEntries(context, Array.isArray(manifests) ? manifests : [], isValidDescriptor, 'referrers index').items;
}

/** The index under the referrers tag; none when the tag does not exist. */
async function referrersFromTag(context: OperationContext, repository: string, digest: string, signal?: AbortSignal): Promise<Descriptor[]> {
  try {
    const fallback = await getManifest(context, repository, referrersTagFor(digest), { signal, accept: [OCI_INDEX] });
    return descriptorsOf(context, fallback.manifest);
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}

export async function listReferrers(
  context: OperationContext,
  repository: string,
  digest: string,
  options: CallOptions & { artifactType?: string } = {},
): Promise<Descriptor[]> {
  parseDigest(digest);
  // Where the API was found missing once, the tag is read straight away.
  if (context.referrersApi.get(repository) === false) return filtered(await referrersFromTag(context, repository, digest, options.signal), options.artifactType);
  const query = options.artifactType ? `?${new URLSearchParams({ artifactType: options.artifactType })}` : '';
  const response = await context.transport.send({
    method: 'GET',
    url: repoPath(repository, `referrers/${digest}${query}`),
    headers: { accept: OCI_INDEX },
    streamStatuses: [200],
    signal: options.signal,
  });
  if (response.status === 404) {
    context.referrersApi.set(repository, false);
    context.log?.('debug', 'referrers', `no referrers API on ${context.transport.endpoint.host} for ${repository}; reading the tag ${referrersTagFor(digest)}`);
    return filtered(await referrersFromTag(context, repository, digest, options.signal), options.artifactType);
  }
  await expectStatus(response, [200]);
  context.referrersApi.set(repository, true);
  return filtered(descriptorsOf(context, parseJson(await readBodyBytes(response, MAX_MANIFEST_BYTES, 'referrers index'), 'referrers index')), options.artifactType);
}

/** Servers may ignore the filter (OCI-Filters-Applied tells); filtering again is harmless. */
function filtered(found: Descriptor[], artifactType: string | undefined): Descriptor[] {
  return artifactType ? found.filter((d) => d.artifactType === artifactType) : found;
}
