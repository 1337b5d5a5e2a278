import * as vscode from 'vscode';
import { NotFoundError } from '../../registry/errors';
import { isManifestMediaType } from '../../registry/mediaTypes';
import { confirmDestructive } from '../confirm';
import { referencedDescriptors } from '../../registry/manifest';
import type { Descriptor, Manifest, RegistryService } from '../../registry/types';

/**
 * What the manifest points at that the target repository lacks. The subject is left out:
 * OCI 1.1 lets an artifact be pushed before the content it refers to.
 */
export async function findMissingReferences(client: RegistryService, repository: string, manifest: Manifest, signal?: AbortSignal): Promise<Descriptor[]> {
  const subject = manifest.subject?.digest;
  const wanted = referencedDescriptors(manifest).filter((d) => d.digest !== subject);
  const missing: Descriptor[] = [];
  for (const descriptor of wanted) {
    const present = isManifestMediaType(descriptor.mediaType)
      ? await client.headManifest(repository, descriptor.digest, { signal })
      : await client.blobExists(repository, descriptor.digest, { signal });
    if (!present) missing.push(descriptor);
  }
  return missing;
}

/** Mounts missing blobs and copies missing child manifests (with their own content) from `from`. */
export async function mountMissing(client: RegistryService, repository: string, from: string, missing: Descriptor[], signal?: AbortSignal): Promise<void> {
  for (const descriptor of missing) {
    if (isManifestMediaType(descriptor.mediaType)) {
      await copyManifest(client, from, repository, descriptor.digest, signal, 0);
    } else if (!(await client.mountBlob(repository, descriptor.digest, from, { signal }))) {
      throw new Error(vscode.l10n.t('{0} could not be mounted from {1}: it is not there either', descriptor.digest, from));
    }
  }
}

async function copyManifest(client: RegistryService, from: string, to: string, digest: string, signal: AbortSignal | undefined, depth: number): Promise<void> {
  if (depth > 4) throw new Error(vscode.l10n.t('manifests nest too deeply to copy'));
  const fetched = await client.getManifest(from, digest, { signal });
  const children = await findMissingReferences(client, to, fetched.manifest, signal);
  for (const child of children) {
    if (isManifestMediaType(child.mediaType)) await copyManifest(client, from, to, child.digest, signal, depth + 1);
    else if (!(await client.mountBlob(to, child.digest, from, { signal }))) throw new Error(vscode.l10n.t('{0} is missing from {1} too', child.digest, from));
  }
  await client.putManifest(to, fetched.bytes, { mediaType: fetched.mediaType, signal });
}

/**
 * True when `tag` is new or already points at `digest`; when it points at another manifest, only
 * after the user agreed to move it in a modal naming both digests.
 */
export async function mayMoveTag(client: RegistryService, repository: string, tag: string, digest: string): Promise<boolean> {
  const current = await client.getManifest(repository, tag).then((m) => m.digest, (error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (current === undefined || current === digest) return true;
  return confirmDestructive(
    vscode.l10n.t('{0}:{1} already points at another manifest. Move the tag?', repository, tag),
    vscode.l10n.t('Current: {0}\nNew: {1}\nThe current manifest stays, reachable by its digest.', current, digest),
    vscode.l10n.t('Move Tag'),
  );
}
