// The referrers tag schema (OCI distribution 1.1, "Referrers Tag Schema"): on registries without the
// referrers API, the list of manifests whose `subject` is digest D lives in an OCI index tagged
// `<alg>-<hex>`. Keeping that index current is the pushing client's job, so putManifest and
// deleteManifest call in here. Fetching and pushing manifests come in as a small `store`, which keeps
// this module free of a circular import with manifests.ts.
import type { Descriptor, FetchedManifest, ImageIndex, ImageManifest, Manifest } from '../types';
import { parseDigest } from '../digest';
import { RegistryError } from '../errors';
import { isImageIndex } from '../manifest';
import { OCI_INDEX } from '../mediaTypes';
import { discardBody, expectStatus } from '../transport/body';
import { repoPath, type OperationContext } from './context';

/** Reads and writes manifests of one repository by tag. */
export interface ReferrersTagStore {
  /** The manifest under `tag`, or undefined when the tag does not exist. */
  fetch(tag: string): Promise<FetchedManifest | undefined>;
  /**
   * Pushes `bytes` under `tag`; when `conditional`, on condition that the tag still holds `expected`
   * (undefined: that it does not exist yet). A registry that honours conditional requests answers 412 otherwise.
   */
  push(tag: string, bytes: Buffer, expected: string | undefined, conditional: boolean): Promise<void>;
}

/** Set on errors of the tag update that follows a successful push or delete. */
export const REFERRERS_TAG_NOT_UPDATED = 'REFERRERS_TAG_NOT_UPDATED';
/** Read-modify-write rounds tried when the registry says the index changed in between (412). */
const MAX_UPDATE_ATTEMPTS = 5;

/**
 * `sha256:abc…` → `sha256-abc…`: algorithm cut to 32 characters, encoded part to 64, anything a
 * tag may not contain replaced with `-` (the spec's exact rule, so other clients find the same tag).
 */
export function referrersTagFor(digest: string): string {
  parseDigest(digest);
  const separator = digest.indexOf(':');
  const algorithm = digest.slice(0, separator).slice(0, 32);
  const encoded = digest.slice(separator + 1).slice(0, 64);
  return `${algorithm}-${encoded}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

/**
 * The descriptor a referrers list holds for a manifest: artifactType from the manifest, else (image
 * manifests only) the config's media type; the manifest's annotations copied.
 */
export function referrerDescriptor(manifest: Manifest, mediaType: string, digest: string, size: number): Descriptor {
  const descriptor: Descriptor = { mediaType, digest, size };
  // `config` may be missing at runtime: the OCI 1.1 draft artifact manifest has none.
  const artifactType = manifest.artifactType || (isImageIndex(manifest) ? undefined : (manifest as Partial<ImageManifest>).config?.mediaType);
  if (artifactType) descriptor.artifactType = artifactType;
  if (manifest.annotations && Object.keys(manifest.annotations).length > 0) descriptor.annotations = { ...manifest.annotations };
  return descriptor;
}

/** The current referrers index under `tag` and its digest; undefined when the tag is absent; an error when it holds something else. */
async function readReferrersIndex(store: ReferrersTagStore, tag: string): Promise<{ index: ImageIndex; digest: string } | undefined> {
  const current = await store.fetch(tag);
  if (!current) return undefined;
  if (current.mediaType !== OCI_INDEX || !isImageIndex(current.manifest)) {
    throw new RegistryError(`the tag ${tag} holds a ${current.mediaType}, not an OCI image index, so it was left unchanged`);
  }
  return { index: current.manifest, digest: current.digest };
}

/**
 * Reads the index under `tag`, lets `edit` change it (false: nothing to do) and pushes it back on
 * condition that the tag still holds what was read. Updates of one tag run one at a time within the
 * client; across clients, a registry that honours the condition answers 412 and the round is redone.
 */
async function updateReferrersIndex(
  context: Pick<OperationContext, 'log' | 'referrersTagUpdates'>,
  store: ReferrersTagStore,
  repository: string,
  tag: string,
  edit: (index: ImageIndex, existed: boolean) => boolean,
): Promise<ImageIndex | undefined> {
  return context.referrersTagUpdates.run(`${repository}:${tag}`, async () => {
    let refusedDigest: string | undefined | null = null;
    for (let attempt = 1; ; attempt++) {
      const current = await readReferrersIndex(store, tag);
      const index = current?.index ?? { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] };
      if (!edit(index, current !== undefined)) return undefined;
      // Refused although nothing changed: the registry's entity tags are not digests, so the condition cannot work there.
      const conditional = refusedDigest !== current?.digest;
      try {
        await store.push(tag, Buffer.from(JSON.stringify(index)), current?.digest, conditional);
        return index;
      } catch (error) {
        if (!(error instanceof RegistryError && error.status === 412) || !conditional || attempt >= MAX_UPDATE_ATTEMPTS) throw error;
        refusedDigest = current?.digest;
        context.log?.('debug', 'referrers', `${repository}:${tag} changed while it was updated; reading it again`);
      }
    }
  });
}

/** Why a completed push or delete is reported as failed: the manifest changed, its referrers list did not. */
function tagUpdateFailure(done: string, tag: string, error: unknown): RegistryError {
  const reason = error instanceof Error ? error.message : String(error);
  return new RegistryError(`${done}, but the referrers tag ${tag} could not be updated: ${reason}`, { code: REFERRERS_TAG_NOT_UPDATED, cause: error });
}

/** After pushing a manifest with a subject to a registry that did not answer `OCI-Subject`: adds it to the subject's referrers tag. */
export async function addToReferrersTag(
  context: Pick<OperationContext, 'log' | 'referrersTagUpdates'>,
  store: ReferrersTagStore,
  repository: string,
  subject: Pick<Descriptor, 'digest'>,
  entry: Descriptor,
): Promise<void> {
  const tag = referrersTagFor(subject.digest);
  try {
    const updated = await updateReferrersIndex(context, store, repository, tag, (index) => {
      if (index.manifests.some((d) => d.digest === entry.digest)) return false;
      index.manifests.push(entry);
      return true;
    });
    if (!updated) context.log?.('debug', 'referrers', `${repository}:${tag} already lists ${entry.digest}`);
    else context.log?.('info', 'referrers', `no referrers API: added ${entry.digest} to ${repository}:${tag} (${updated.manifests.length} referrer(s))`);
  } catch (error) {
    throw tagUpdateFailure(`pushed ${entry.digest} to ${repository}`, tag, error);
  }
}

/** True when the registry serves the referrers API for this repository; false on its 404 (distribution 2.x). Asked once per repository. */
export async function hasReferrersApi(context: OperationContext, repository: string, subjectDigest: string, signal?: AbortSignal): Promise<boolean> {
  const known = context.referrersApi.get(repository);
  if (known !== undefined) return known;
  const response = await context.transport.send({
    method: 'GET',
    url: repoPath(repository, `referrers/${subjectDigest}`),
    headers: { accept: OCI_INDEX },
    streamStatuses: [200, 404],
    signal,
  });
  // Only the status matters; a short body is drained so the connection is reused.
  if (response.status === 404 || response.status === 200) {
    discardBody(response);
    context.referrersApi.set(repository, response.status === 200);
    return response.status === 200;
  }
  await expectStatus(response, [200, 404]);
  return false;
}

/** After deleting a manifest with a subject from a registry without the referrers API: drops it from the referrers tag. */
export async function removeFromReferrersTag(
  context: OperationContext,
  store: ReferrersTagStore,
  repository: string,
  subject: Pick<Descriptor, 'digest'>,
  digest: string,
  signal?: AbortSignal,
): Promise<void> {
  const tag = referrersTagFor(subject.digest);
  try {
    if (await hasReferrersApi(context, repository, subject.digest, signal)) {
      context.log?.('debug', 'referrers', `${context.transport.endpoint.host} has the referrers API; ${repository}:${tag} not touched`);
      return;
    }
    // An empty index is left in place: the spec allows it, and 2.8.2 cannot delete a tag alone.
    const updated = await updateReferrersIndex(context, store, repository, tag, (index, existed) => {
      if (!existed || !index.manifests.some((d) => d.digest === digest)) return false;
      index.manifests = index.manifests.filter((d) => d.digest !== digest);
      return true;
    });
    if (!updated) context.log?.('debug', 'referrers', `${repository}:${tag} does not list ${digest}; nothing to remove`);
    else context.log?.('info', 'referrers', `no referrers API: removed ${digest} from ${repository}:${tag} (${updated.manifests.length} left)`);
  } catch (error) {
    throw tagUpdateFailure(`deleted ${digest} from ${repository}`, tag, error);
  }
}
