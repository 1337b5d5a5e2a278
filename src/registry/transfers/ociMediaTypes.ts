// Docker media types → OCI media types for a pulled tree, for tools that read OCI image layouts only
// (skopeo's oci: transport, umoci). Blobs keep their bytes; each manifest that names a Docker type is
// re-serialised with the OCI type and so gets a new digest, and every index above it is rewritten to
// point at the new digests. Manifests without Docker types keep their exact bytes.
import type { Descriptor } from '../types';
import { computeDigest } from '../digest';
import {
  DOCKER_CONFIG, DOCKER_FOREIGN_LAYER_GZIP, DOCKER_LAYER_GZIP, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST,
  OCI_CONFIG, OCI_INDEX, OCI_LAYER, OCI_LAYER_GZIP, OCI_MANIFEST,
} from '../mediaTypes';
import type { PlannedManifest, PullPlan } from './pullPlan';

const DOCKER_TO_OCI: Readonly<Record<string, string>> = {
  [DOCKER_MANIFEST_LIST]: OCI_INDEX,
  [DOCKER_MANIFEST]: OCI_MANIFEST,
  [DOCKER_CONFIG]: OCI_CONFIG,
  [DOCKER_LAYER_GZIP]: OCI_LAYER_GZIP,
  'application/vnd.docker.image.rootfs.diff.tar': OCI_LAYER,
  [DOCKER_FOREIGN_LAYER_GZIP]: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
};

type Json = Record<string, unknown>;

function ociType(mediaType: unknown): string | undefined {
  return typeof mediaType === 'string' ? DOCKER_TO_OCI[mediaType] : undefined;
}

/** Replaces a Docker `mediaType` in place; true when something changed. */
function convertField(object: unknown): boolean {
  if (typeof object !== 'object' || object === null) return false;
  const replacement = ociType((object as Json).mediaType);
  if (!replacement) return false;
  (object as Json).mediaType = replacement;
  return true;
}

interface Rewritten {
  mediaType: string;
  digest: string;
  size: number;
  bytes: Buffer;
}

/** Rewrites one manifest; `rewritten` holds the children already converted, by their old digest. */
function convertManifest(original: PlannedManifest, rewritten: Map<string, Rewritten>): Rewritten | undefined {
  const document = JSON.parse(original.bytes.toString('utf8')) as Json;
  let changed = convertField(document);
  if (Array.isArray(document.manifests)) {
    document.manifests = (document.manifests as Json[]).map((child) => {
      const replacement = rewritten.get(String(child.digest));
      if (!replacement) return child;
      changed = true;
      return { ...child, mediaType: replacement.mediaType, digest: replacement.digest, size: replacement.size };
    });
  }
  changed = convertField(document.config) || changed;
  if (Array.isArray(document.layers)) for (const layer of document.layers) changed = convertField(layer) || changed;
  if (!changed) return undefined;
  const bytes = Buffer.from(JSON.stringify(document));
  const mediaType = typeof document.mediaType === 'string' ? document.mediaType : ociType(original.descriptor.mediaType) ?? original.descriptor.mediaType;
  return { mediaType, digest: computeDigest(bytes), size: bytes.length, bytes };
}

/** The plan with OCI media types; `changed` is false when the tree had no Docker types (the plan is returned as is). */
export function convertPlanToOci(plan: PullPlan): { plan: PullPlan; changed: boolean } {
  const rewritten = new Map<string, Rewritten>();
  // Children come after their index in the plan: convert from the end, so each index sees its children's new digests.
  for (const manifest of [...plan.manifests].reverse()) {
    if (rewritten.has(manifest.descriptor.digest)) continue;
    const converted = convertManifest(manifest, rewritten);
    if (converted) rewritten.set(manifest.descriptor.digest, converted);
  }
  if (!rewritten.has(plan.root.digest)) return { plan, changed: false };
  const swap = (descriptor: Descriptor): PlannedManifest => {
    const { bytes, ...fields } = rewritten.get(descriptor.digest) as Rewritten;
    return { descriptor: { ...descriptor, ...fields }, bytes };
  };
  const manifests = plan.manifests.map((m) => (rewritten.has(m.descriptor.digest) ? swap(m.descriptor) : m));
  return { plan: { ...plan, root: swap(plan.root).descriptor, manifests }, changed: true };
}
