// Manifests: fetch exact bytes (digest computed from them), HEAD, push, delete. Pushing or deleting a
// manifest with a `subject` also keeps the referrers tag current where the registry needs that.
import type { CallOptions, DeleteManifestOptions, Descriptor, FetchedManifest, PushResult, PutManifestOptions } from '../types';
import { computeDigest, isValidDigest, parseDigest } from '../digest';
import { AbortedError, DigestMismatchError, ForbiddenError, ManifestInvalidError, NotFoundError, RegistryError, UnauthorizedError, UnsupportedError } from '../errors';
import { parseManifest } from '../manifest';
import { DEFAULT_MANIFEST_ACCEPT, OCI_INDEX, isValidMediaType, normalizeMediaType } from '../mediaTypes';
import { isDigest, validateTag } from '../reference';
import { expectStatus, failureOf, readBodyBytes } from '../transport/body';
import { repoPath, type OperationContext } from './context';
import { addToReferrersTag, referrerDescriptor, removeFromReferrersTag, type ReferrersTagStore } from './referrersTag';
import { acrTag, isLockedFor, lockedError, refuseIfLocked } from './acrMetadata';

/** Larger manifests are refused (same limit as common registries). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

function checkTagOrDigest(reference: string): void {
  if (isDigest(reference)) parseDigest(reference);
  else validateTag(reference);
}

function acceptHeader(accept?: string[]): string {
  return (accept?.length ? accept : DEFAULT_MANIFEST_ACCEPT).join(', ');
}

export async function getManifest(
  context: OperationContext,
  repository: string,
  reference: string,
  options: CallOptions & { accept?: string[] } = {},
): Promise<FetchedManifest> {
  checkTagOrDigest(reference);
  const response = await context.transport.send({
    method: 'GET',
    url: repoPath(repository, `manifests/${reference}`),
    headers: { accept: acceptHeader(options.accept) },
    streamStatuses: [200],
    signal: options.signal,
  });
  await expectStatus(response, [200]);
  const where = `manifest ${repository}:${reference}`;
  const bytes = await readBodyBytes(response, MAX_MANIFEST_BYTES, where);
  const { manifest, mediaType } = parseManifest(bytes, response.headers.get('content-type'));
  const algorithm = isDigest(reference) ? parseDigest(reference).algorithm : 'sha256';
  const digest = computeDigest(bytes, algorithm);
  if (isDigest(reference) && digest !== reference) {
    throw new DigestMismatchError(`${where}: the registry sent content with digest ${digest}`, { expected: reference, actual: digest });
  }
  const headerDigest = response.headers.get('docker-content-digest');
  if (headerDigest && isValidDigest(headerDigest) && parseDigest(headerDigest).algorithm === algorithm && headerDigest !== digest) {
    throw new DigestMismatchError(`${where}: Docker-Content-Digest says ${headerDigest} but the bytes hash to ${digest}`, {
      expected: headerDigest,
      actual: digest,
    });
  }
  return { bytes, mediaType, digest, manifest };
}

export async function headManifest(
  context: OperationContext,
  repository: string,
  reference: string,
  options: CallOptions & { accept?: string[] } = {},
): Promise<Descriptor | undefined> {
  checkTagOrDigest(reference);
  const response = await context.transport.send({
    method: 'HEAD',
    url: repoPath(repository, `manifests/${reference}`),
    headers: { accept: acceptHeader(options.accept) },
    signal: options.signal,
  });
  if (response.status === 404) return undefined;
  await expectStatus(response, [200]);
  const headerDigest = response.headers.get('docker-content-digest');
  const size = Number(response.headers.get('content-length'));
  const mediaType = normalizeMediaType(response.headers.get('content-type')) ?? 'application/octet-stream';
  const sizeKnown = Number.isSafeInteger(size) && response.headers.get('content-length') !== undefined;
  if (sizeKnown && isDigest(reference)) return { mediaType, digest: reference, size };
  if (sizeKnown && headerDigest && isValidDigest(headerDigest)) return { mediaType, digest: headerDigest, size };
  // No usable headers: fetch the bytes and compute digest and size ourselves.
  const fetched = await getManifest(context, repository, reference, options);
  return { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.bytes.length };
}

export async function putManifest(
  context: OperationContext,
  repository: string,
  bytes: Uint8Array,
  options: PutManifestOptions & { conditions?: Record<string, string> } = {},
): Promise<PushResult> {
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (body.length > MAX_MANIFEST_BYTES) throw new RegistryError(`manifest is ${body.length} bytes, more than the ${MAX_MANIFEST_BYTES}-byte limit`);
  if (options.mediaType !== undefined && !isValidMediaType(options.mediaType)) {
    throw new ManifestInvalidError(`invalid media type ${JSON.stringify(options.mediaType.slice(0, 100))}: expected type/subtype as RFC 6838 names them, without parameters`);
  }
  const parsed = parseManifest(body, options.mediaType);
  const algorithm = options.reference && isDigest(options.reference) ? parseDigest(options.reference).algorithm : 'sha256';
  const digest = computeDigest(body, algorithm);
  const reference = options.reference ?? digest;
  checkTagOrDigest(reference);
  if (isDigest(reference) && reference !== digest) {
    throw new DigestMismatchError(`cannot push to ${reference}: the manifest bytes hash to ${digest}`, { expected: reference, actual: digest });
  }
  const mediaType = options.mediaType ?? parsed.mediaType;
  if (!isDigest(reference)) await refuseIfLocked(context, { kind: 'tag', repository, tag: reference }, 'write', options.signal);
  const response = await context.transport.send({
    method: 'PUT',
    url: repoPath(repository, `manifests/${reference}`),
    headers: { ...options.conditions, 'content-type': mediaType },
    body: Buffer.from(body),
    signal: options.signal,
  });
  await expectStatus(response, [200, 201, 202]);
  const returned = response.headers.get('docker-content-digest');
  if (returned && isValidDigest(returned) && parseDigest(returned).algorithm === algorithm && returned !== digest) {
    throw new DigestMismatchError(`the registry stored the manifest as ${returned}, but its bytes hash to ${digest}`, { expected: digest, actual: returned });
  }
  const subject = parsed.manifest.subject;
  if (subject && options.maintainReferrersTag !== false) {
    // A registry with the referrers API says so with `OCI-Subject`; without it the client keeps the tag.
    const acknowledged = response.headers.get('oci-subject');
    context.referrersApi.set(repository, Boolean(acknowledged));
    if (acknowledged) {
      context.log?.('debug', 'referrers', `registry indexed ${digest} as a referrer of ${acknowledged} (OCI-Subject)`);
    } else {
      const entry = referrerDescriptor(parsed.manifest, mediaType, digest, body.length);
      await addToReferrersTag(context, referrersTagStore(context, repository, options.signal), repository, subject, entry);
    }
  }
  return { digest, location: response.headers.get('location') };
}

/**
 * Reads and pushes referrers indexes by tag, without maintaining referrers of the index itself. A push
 * is conditional (RFC 9110 If-Match / If-None-Match) on the digest read, for registries that honour it.
 */
function referrersTagStore(context: OperationContext, repository: string, signal?: AbortSignal): ReferrersTagStore {
  return {
    fetch: async (tag) => {
      try {
        return await getManifest(context, repository, tag, { signal });
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    push: async (tag, bytes, expected, conditional) => {
      const conditions: Record<string, string> = !conditional ? {} : expected ? { 'if-match': `"${expected}"` } : { 'if-none-match': '*' };
      await putManifest(context, repository, bytes, { reference: tag, mediaType: OCI_INDEX, signal, maintainReferrersTag: false, conditions });
    },
  };
}

/** The subject of a stored manifest, read before deleting it; undefined when it has none or cannot be read. */
async function subjectBeforeDelete(context: OperationContext, repository: string, digest: string, signal?: AbortSignal): Promise<Descriptor | undefined> {
  try {
    return (await getManifest(context, repository, digest, { signal })).manifest.subject;
  } catch (error) {
    if (error instanceof AbortedError || signal?.aborted) throw error;
    // The DELETE itself reports a missing manifest; anything else only costs the tag update, so say so.
    if (!(error instanceof NotFoundError)) {
      context.log?.('warn', 'referrers', `could not read ${repository}@${digest} before deleting it (${(error as Error).message}); its referrers tag is not checked`);
    }
    return undefined;
  }
}

export async function deleteManifest(context: OperationContext, repository: string, digest: string, options: DeleteManifestOptions = {}): Promise<void> {
  parseDigest(digest);
  await refuseIfLocked(context, { kind: 'manifest', repository, digest }, 'delete', options.signal);
  const subject = options.maintainReferrersTag === false ? undefined : await subjectBeforeDelete(context, repository, digest, options.signal);
  const response = await context.transport.send({ method: 'DELETE', url: repoPath(repository, `manifests/${digest}`), signal: options.signal });
  await expectStatus(response, [200, 202, 204]);
  if (subject) {
    await removeFromReferrersTag(context, referrersTagStore(context, repository, options.signal), repository, subject, digest, options.signal);
  }
}

export interface DeleteTagOptions extends DeleteManifestOptions {
  /** When the registry cannot delete a tag alone, delete the manifest it points to (and so every tag on it). */
  deleteManifestIfNeeded?: boolean;
  /** The digest the caller saw (and the user confirmed): nothing is deleted if the tag points elsewhere now. */
  expectedDigest?: string;
}

async function expectTagAt(context: OperationContext, repository: string, tag: string, expected: string, signal?: AbortSignal): Promise<void> {
  const descriptor = await headManifest(context, repository, tag, { signal });
  if (!descriptor) throw new NotFoundError(`tag ${repository}:${tag} does not exist any more; nothing was deleted`);
  if (descriptor.digest !== expected) throw tagMoved(repository, tag, descriptor.digest, expected);
}

function tagMoved(repository: string, tag: string, actual: string, expected: string): RegistryError {
  return new RegistryError(`tag ${repository}:${tag} now points to ${actual}, not to ${expected}; nothing was deleted`, { code: 'TAG_MOVED' });
}

export async function deleteTag(context: OperationContext, repository: string, tag: string, options: DeleteTagOptions = {}): Promise<void> {
  validateTag(tag);
  if (await context.isAcr(options.signal)) {
    // One GET says where the tag points and whether it is locked; a role that may delete without
    // reading metadata (AcrDelete alone) still deletes, checked by the HEAD below and by ACR itself.
    const current = await acrTag(context, repository, tag, options.signal).catch((error: unknown) => {
      if (options.signal?.aborted || !(error instanceof ForbiddenError || error instanceof UnauthorizedError)) throw error;
      context.log?.('debug', 'acr', `tag ${repository}:${tag}: its attributes could not be read (${(error as Error).message}); deleting without that check`);
      return {} as { digest?: string; attributes?: undefined };
    });
    if (!current) throw new NotFoundError(`tag ${repository}:${tag} does not exist${options.expectedDigest ? ' any more; nothing was deleted' : ''}`);
    if (options.expectedDigest !== undefined) {
      if (current.digest === undefined) await expectTagAt(context, repository, tag, options.expectedDigest, options.signal);
      else if (current.digest !== options.expectedDigest) throw tagMoved(repository, tag, current.digest, options.expectedDigest);
    }
    if (isLockedFor(current.attributes, 'delete')) throw lockedError({ kind: 'tag', repository, tag }, current.attributes ?? {}, 'delete');
    const response = await context.transport.send({ method: 'DELETE', url: `/acr/v1/${repository}/_tags/${tag}`, signal: options.signal });
    await expectStatus(response, [200, 202, 204]);
    return;
  }
  const descriptor = await headManifest(context, repository, tag, options);
  if (!descriptor) throw new NotFoundError(`tag ${repository}:${tag} does not exist`);
  if (options.expectedDigest !== undefined && descriptor.digest !== options.expectedDigest) throw tagMoved(repository, tag, descriptor.digest, options.expectedDigest);
  // OCI distribution 1.1 allows DELETE by tag; older registries (docker-registry 2.8.2) answer 400/405.
  const response = await context.transport.send({ method: 'DELETE', url: repoPath(repository, `manifests/${tag}`), signal: options.signal });
  if ([200, 202, 204].includes(response.status)) return;
  const failure = await failureOf(response);
  const tagDeletionUnsupported = failure instanceof UnsupportedError || response.status === 400 || failure.code === 'UNSUPPORTED' || failure.code === 'TAG_INVALID';
  if (!tagDeletionUnsupported) throw failure;
  if (!options.deleteManifestIfNeeded) {
    throw new UnsupportedError(
      `this registry cannot delete the tag ${tag} alone; deleting manifest ${descriptor.digest} would remove it together with every other tag on that manifest`,
      { status: response.status, code: failure.code },
    );
  }
  context.log?.('info', 'manifests', `registry cannot delete tags alone: deleting manifest ${descriptor.digest} of ${repository}:${tag}`);
  await deleteManifest(context, repository, descriptor.digest, options);
}
