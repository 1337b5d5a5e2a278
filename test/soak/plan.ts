// What the soak does, decided by the seed before anything runs: the blobs and images seeded into the
// registry, the transfers (downloads, uploads, whole-image pulls) in a shuffled order, and which of
// them are cancelled after how long.
import { blobOf, descriptorOf, jsonBytes, MT, type BlobData } from '../harness/fixtures';
import type { Platform } from '../../src/registry/types';
import { pick, prng, seededBytes, sizeBetween } from './schedule';

const KIB = 1024;
const MIB = 1024 * KIB;

export interface SoakCounts {
  downloads: number;
  uploads: number;
  pulls: number;
}

export const FULL_SOAK: SoakCounts = { downloads: 100, uploads: 50, pulls: 10 };

/** When a transfer is cancelled through its AbortSignal: after a time, or once this share of its bytes has moved. */
export type Cancellation = { afterMs: number } | { atFraction: number };

interface JobBase {
  id: string;
  cancel?: Cancellation;
}

export interface DownloadJob extends JobBase {
  kind: 'download';
  repository: string;
  /** Digest and size only: the bytes are regenerated from the seed and the label when seeding. */
  blob: { label: string; digest: string; size: number };
}

export interface UploadJob extends JobBase {
  kind: 'upload';
  repository: string;
  label: string;
  size: number;
  fromFile: boolean;
  /** Set for uploads sent as PATCH chunks. */
  chunked?: { monolithicMaxBytes: number; chunkBytes: number };
}

export interface SoakImage {
  repository: string;
  tag: string;
  /** Every blob and manifest to push, children before parents (the root last). */
  blobs: BlobData[];
  manifests: BlobData[];
}

export interface PullJob extends JobBase {
  kind: 'pull';
  image: SoakImage;
  platform?: string;
  all?: boolean;
  /** Digest index.json must name, and every blob or manifest the layout must then hold. */
  expectedRoot: string;
  expectedContent: { digest: string; size: number }[];
}

export type SoakJob = DownloadJob | UploadJob | PullJob;

export const DOWNLOAD_REPOSITORY = 'soak/downloads';
const AMD64: Platform = { os: 'linux', architecture: 'amd64' };
const ARM64: Platform = { os: 'linux', architecture: 'arm64', variant: 'v8' };

function buildImage(seed: number, label: string, random: () => number, platform: Platform): { manifest: BlobData; blobs: BlobData[] } {
  const layerCount = 1 + Math.floor(random() * 3);
  const layers = Array.from({ length: layerCount }, (_, i) =>
    blobOf(MT.ociLayerGzip, seededBytes(seed, `${label}/layer-${i}`, sizeBetween(random, 64 * KIB, MIB))),
  );
  const config = blobOf(MT.ociConfig, jsonBytes({ architecture: platform.architecture, os: platform.os, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) }, label }));
  const manifest = blobOf(MT.ociManifest, jsonBytes({ schemaVersion: 2, mediaType: MT.ociManifest, config: descriptorOf(config), layers: layers.map((l) => descriptorOf(l)) }));
  return { manifest, blobs: [config, ...layers] };
}

function pullJob(seed: number, index: number, random: () => number): PullJob {
  const repository = `soak/image-${index}`;
  const label = `image-${index}`;
  if (index % 3 !== 2) {
    const image = buildImage(seed, label, random, AMD64);
    const content = [...image.blobs, image.manifest];
    return { kind: 'pull', id: `pull-${index}`, image: { repository, tag: 'v1', blobs: image.blobs, manifests: [image.manifest] }, expectedRoot: image.manifest.digest, expectedContent: content };
  }
  // Every third image is a two-platform index, pulled whole or for one platform.
  const amd = buildImage(seed, `${label}/amd64`, random, AMD64);
  const arm = buildImage(seed, `${label}/arm64`, random, ARM64);
  const indexBlob = blobOf(MT.ociIndex, jsonBytes({
    schemaVersion: 2,
    mediaType: MT.ociIndex,
    manifests: [descriptorOf(amd.manifest, { platform: AMD64 }), descriptorOf(arm.manifest, { platform: ARM64 })],
  }));
  const image: SoakImage = { repository, tag: 'v1', blobs: [...amd.blobs, ...arm.blobs], manifests: [amd.manifest, arm.manifest, indexBlob] };
  const mode = pick(random, ['all', 'linux/arm64', 'linux/amd64'] as const);
  if (mode === 'all') {
    return { kind: 'pull', id: `pull-${index}`, image, all: true, expectedRoot: indexBlob.digest, expectedContent: [...image.blobs, ...image.manifests] };
  }
  const chosen = mode === 'linux/arm64' ? arm : amd;
  return { kind: 'pull', id: `pull-${index}`, image, platform: mode, expectedRoot: chosen.manifest.digest, expectedContent: [...chosen.blobs, chosen.manifest] };
}

export interface SoakPlan {
  jobs: SoakJob[];
  /** The download jobs, whose blobs must be seeded. */
  downloads: DownloadJob[];
  images: SoakImage[];
}

export function planSoak(seed: number, counts: SoakCounts = FULL_SOAK): SoakPlan {
  const random = prng(seed);
  // Progress only shows inside a transfer that reports it as it goes (not a single-request upload).
  const cancellation = (reportsProgress: boolean): Cancellation | undefined => {
    if (random() >= 0.12) return undefined;
    return reportsProgress && random() < 0.6 ? { atFraction: random() } : { afterMs: Math.floor(random() * 800) };
  };
  const jobs: SoakJob[] = [];
  for (let i = 0; i < counts.downloads; i++) {
    const label = `download-${i}`;
    const size = sizeBetween(random, 64 * KIB, 4 * MIB);
    const { digest } = blobOf('application/octet-stream', seededBytes(seed, label, size));
    jobs.push({ kind: 'download', id: label, repository: DOWNLOAD_REPOSITORY, blob: { label, size, digest }, cancel: cancellation(true) });
  }
  for (let i = 0; i < counts.uploads; i++) {
    const size = sizeBetween(random, 64 * KIB, 4 * MIB);
    const chunked = random() < 0.4 ? { monolithicMaxBytes: 256 * KIB, chunkBytes: sizeBetween(random, 128 * KIB, MIB) } : undefined;
    jobs.push({ kind: 'upload', id: `upload-${i}`, repository: `soak/upload-${i}`, label: `upload-${i}`, size, fromFile: random() < 0.5, chunked, cancel: cancellation(chunked !== undefined) });
  }
  const images: SoakImage[] = [];
  for (let i = 0; i < counts.pulls; i++) {
    const job = pullJob(seed, i, random);
    job.cancel = cancellation(true);
    images.push(job.image);
    jobs.push(job);
  }
  // Fisher-Yates with the seeded generator: the classes interleave.
  for (let i = jobs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [jobs[i], jobs[j]] = [jobs[j], jobs[i]];
  }
  return { jobs, downloads: jobs.filter((j): j is DownloadJob => j.kind === 'download'), images };
}
