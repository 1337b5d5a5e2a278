// Referrers in a layout: the manifests listed in index.json whose `subject` names a digest (where
// ORAS, cosign and this extension put them). Only index.json's own entries are read, each at most
// once per version of index.json, so finding them stays cheap; manifests nested deeper are not searched.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Descriptor, ImageManifest } from '../types';
import { parseManifest } from '../manifest';
import { isIndexMediaType } from '../mediaTypes';
import { MAX_MANIFEST_BYTES } from '../operations/manifests';
import { readBlobBytes, readIndex } from './layoutFiles';

/** Entries of index.json looked at for subjects; the rest of a huge index is not searched. */
export const MAX_REFERRER_CANDIDATES = 1000;

export class LayoutReferrers {
  private cache?: { version: string; bySubject: Promise<Map<string, Descriptor[]>> };

  constructor(private readonly dir: string) {}

  async of(subject: string): Promise<Descriptor[]> {
    const info = await stat(join(this.dir, 'index.json'));
    const version = `${info.mtimeMs}:${info.size}`;
    if (this.cache?.version !== version) {
      const bySubject = this.scan();
      this.cache = { version, bySubject };
      bySubject.catch(() => { if (this.cache?.bySubject === bySubject) this.cache = undefined; });
    }
    return (await this.cache.bySubject).get(subject) ?? [];
  }

  private async scan(): Promise<Map<string, Descriptor[]>> {
    const bySubject = new Map<string, Descriptor[]>();
    const seen = new Set<string>();
    for (const entry of (await readIndex(this.dir)).manifests.slice(0, MAX_REFERRER_CANDIDATES)) {
      if (seen.has(entry.digest)) continue;
      seen.add(entry.digest);
      let parsed;
      try {
        parsed = parseManifest(await readBlobBytes(this.dir, entry, MAX_MANIFEST_BYTES), entry.mediaType);
      } catch {
        // A broken entry is reported when it is opened; it is simply no referrer.
        continue;
      }
      const { manifest, mediaType } = parsed;
      const subject = manifest.subject?.digest;
      if (!subject) continue;
      const config = isIndexMediaType(mediaType) ? undefined : (manifest as ImageManifest).config;
      const artifactType = manifest.artifactType ?? config?.mediaType;
      const descriptor: Descriptor = { mediaType, digest: entry.digest, size: entry.size };
      if (artifactType) descriptor.artifactType = artifactType;
      if (manifest.annotations) descriptor.annotations = manifest.annotations;
      bySubject.set(subject, [...(bySubject.get(subject) ?? []), descriptor]);
    }
    return bySubject;
  }
}
