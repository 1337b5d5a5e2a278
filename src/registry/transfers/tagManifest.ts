// Tagging a stored manifest: its exact bytes, fetched by digest, are put under the new tag, so no
// blob moves and the digest stays. A tag that already points at another manifest is moved only when
// the caller says so, after being told both digests (TagConflictError).
import type { CallOptions, RegistryService } from '../types';
import { parseDigest } from '../digest';
import { RegistryError } from '../errors';
import { validateTag } from '../reference';

/** The tag exists and points at another manifest; nothing was changed. */
export class TagConflictError extends RegistryError {
  override name = 'TagConflictError';
  constructor(readonly repository: string, readonly tag: string, readonly current: string, readonly wanted: string) {
    super(`${repository}:${tag} already points at ${current}, not at ${wanted}; it was left as it is`, { code: 'TAG_EXISTS' });
  }
}

export interface MoveTagOptions extends CallOptions {
  /** Move the tag whatever it points at now. */
  force?: boolean;
  /** Move the tag if it still points at this digest (the one the user was shown and agreed to replace). */
  replacing?: string;
}

/** What the tag points at now (undefined: no such tag); throws TagConflictError when that is another manifest the options do not allow replacing. */
export async function checkTagTarget(client: RegistryService, repository: string, tag: string, digest: string, options: MoveTagOptions = {}): Promise<string | undefined> {
  validateTag(tag);
  const current = (await client.headManifest(repository, tag, { signal: options.signal }))?.digest;
  if (current === undefined || current === digest || options.force || options.replacing === current) return current;
  throw new TagConflictError(repository, tag, current, digest);
}

export interface TagResult {
  digest: string;
  /** The manifest the tag pointed at before, when it was moved. */
  previous?: string;
  /** The tag already pointed at the manifest: nothing was sent. */
  unchanged: boolean;
}

export async function tagManifest(client: RegistryService, repository: string, digest: string, tag: string, options: MoveTagOptions = {}): Promise<TagResult> {
  parseDigest(digest);
  validateTag(tag);
  const previous = await checkTagTarget(client, repository, tag, digest, options);
  if (previous === digest) return { digest, unchanged: true };
  const fetched = await client.getManifest(repository, digest, { signal: options.signal });
  // Already indexed as a referrer when it was pushed by digest: the referrers tag stays as it is.
  const result = await client.putManifest(repository, fetched.bytes, { reference: tag, mediaType: fetched.mediaType, signal: options.signal, maintainReferrersTag: false });
  return { digest: result.digest, previous, unchanged: false };
}
