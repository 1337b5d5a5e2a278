// What a copy must move: every manifest under the root (children before their index), the blobs they
// name (each digest once, so the byte total is known before the first blob moves) and, when asked,
// the referrers of each of those manifests, of their referrers in turn, and their content.
import type { CallOptions, Descriptor, FetchedManifest, ImageManifest, RegistryService } from '../types';
import { TooLargeError } from '../errors';
import { isImageIndex } from '../manifest';
import { MAX_INDEX_DEPTH, MAX_PULL_MANIFEST_BYTES, MAX_PULL_MANIFESTS, throwIfAborted } from './pullPlan';

export interface PlannedManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

export interface CopyPlan {
  root: PlannedManifest;
  /** Manifests under the root, each after the manifests it lists; the root itself is not among them. */
  children: PlannedManifest[];
  /** Referrers (and the manifests they list), each after its subject and its own children. */
  referrers: PlannedManifest[];
  /** How many referrers were found (their children not counted). */
  referrerCount: number;
  /** Config and layer blobs of all of these, each digest once. */
  blobs: Descriptor[];
  totalBytes: number;
}

export interface CopyPlanOptions extends CallOptions {
  referrers?: boolean;
}

export async function planCopy(client: RegistryService, repository: string, root: FetchedManifest, options: CopyPlanOptions = {}): Promise<CopyPlan> {
  const { signal } = options;
  const where = `${repository}@${root.digest}`;
  const seen = new Set<string>([root.digest]);
  const blobs = new Map<string, Descriptor>();
  let manifestBytes = root.bytes.length;

  const fetch = async (digest: string): Promise<FetchedManifest> => {
    throwIfAborted(signal, 'copy');
    if (seen.size >= MAX_PULL_MANIFESTS) throw new TooLargeError(`${where} has more than ${MAX_PULL_MANIFESTS} manifests in all; refusing to copy it`);
    seen.add(digest);
    const fetched = await client.getManifest(repository, digest, { signal });
    manifestBytes += fetched.bytes.length;
    if (manifestBytes > MAX_PULL_MANIFEST_BYTES) throw new TooLargeError(`the manifests of ${where} add up to more than ${MAX_PULL_MANIFEST_BYTES} bytes; refusing to copy them`);
    return fetched;
  };

  /** Adds what `fetched` lists to `out` (children first) and to the blobs; returns the digests of the manifests added. */
  const walk = async (fetched: FetchedManifest, depth: number, out: PlannedManifest[]): Promise<string[]> => {
    const manifest = fetched.manifest;
    if (!isImageIndex(manifest)) {
      const image = manifest as ImageManifest;
      for (const blob of [image.config, ...image.layers]) if (!blobs.has(blob.digest)) blobs.set(blob.digest, blob);
      return [];
    }
    if (depth >= MAX_INDEX_DEPTH) throw new TooLargeError(`${where} nests indexes more than ${MAX_INDEX_DEPTH} levels deep; refusing to copy it`);
    const added: string[] = [];
    for (const child of manifest.manifests) {
      if (seen.has(child.digest)) continue;
      const fetchedChild = await fetch(child.digest);
      added.push(...await walk(fetchedChild, depth + 1, out));
      out.push(planned(fetchedChild));
      added.push(fetchedChild.digest);
    }
    return added;
  };

  const children: PlannedManifest[] = [];
  const subjects = [root.digest, ...await walk(root, 0, children)];
  const referrers: PlannedManifest[] = [];
  let referrerCount = 0;
  if (options.referrers) {
    // Breadth-first: referrers of the image, then referrers of those referrers.
    for (let subject = subjects.shift(); subject; subject = subjects.shift()) {
      for (const descriptor of await client.listReferrers(repository, subject, { signal })) {
        if (seen.has(descriptor.digest)) continue;
        const referrer = await fetch(descriptor.digest);
        subjects.push(...await walk(referrer, 0, referrers), referrer.digest);
        referrers.push(planned(referrer));
        referrerCount++;
      }
    }
  }
  const list = [...blobs.values()];
  return { root: planned(root), children, referrers, referrerCount, blobs: list, totalBytes: list.reduce((sum, blob) => sum + blob.size, 0) };
}

function planned(fetched: FetchedManifest): PlannedManifest {
  return { digest: fetched.digest, mediaType: fetched.mediaType, bytes: fetched.bytes };
}
