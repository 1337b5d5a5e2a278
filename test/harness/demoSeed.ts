// What the demo shows beyond the basic samples: `samples/webapp`, a signed image with an SBOM (both
// attached as referrers through the OCI referrers tag schema, since docker-registry 2.8 has no
// referrers API) and a real build history; and `samples/many-tags`, more tags than one page holds.
// Pushed with the raw fixture uploader, so what the extension shows is checked against bytes it did
// not write.
import { buildImage, blobOf, descriptorOf, jsonBytes, MT, type BlobData, type BuiltImage } from './fixtures';
import { rawPushBlob, rawPutManifest, type RawTarget } from './fixturesUpload';
import {
  buildNotationSignature, buildReferrersIndex, buildSpdxSbom, buildWebApp, referrersTagOf, type BuiltArtifact,
} from './demoImages';

export const WEBAPP_REPOSITORY = 'samples/webapp';
export const MANY_TAGS_REPOSITORY = 'samples/many-tags';
/** More than the tree's default page size (100), so a second page is needed. */
export const MANY_TAGS_COUNT = 150;

export interface DemoContent {
  /** samples/webapp:2.4.1 (also `2.4` and `latest`), signed, with an SBOM. */
  webApp: BuiltImage;
  /** samples/webapp:2.3.0, the previous build: unsigned. */
  previousWebApp: BuiltImage;
  signature: BuiltArtifact;
  sbom: BuiltArtifact;
  /** The index under `sha256-<hex of webApp>` listing both referrers. */
  referrersIndex: BlobData;
  /** samples/many-tags' tags, in the order they were pushed (oldest first). */
  manyTags: string[];
  repositories: string[];
}

export async function seedDemoContent(target: RawTarget): Promise<DemoContent> {
  const [webApp, manyTags] = await Promise.all([seedWebApp(target), seedManyTags(target)]);
  return { ...webApp, manyTags, repositories: [MANY_TAGS_REPOSITORY, WEBAPP_REPOSITORY] };
}

async function seedWebApp(target: RawTarget): Promise<Omit<DemoContent, 'manyTags' | 'repositories'>> {
  const previousWebApp = buildWebApp('2.3.0', '2025-02-03T10:41:00Z');
  const webApp = buildWebApp('2.4.1', '2025-03-14T09:12:00Z');
  await pushImage(target, WEBAPP_REPOSITORY, previousWebApp, ['2.3.0']);
  await pushImage(target, WEBAPP_REPOSITORY, webApp, ['2.4.1', '2.4', 'latest']);

  const signature = buildNotationSignature(webApp.manifest, '2025-03-14T09:20:31Z');
  const sbom = buildSpdxSbom(webApp.manifest, '2.4.1', '2025-03-14T09:19:58Z');
  await inParallel([signature, sbom], 2, async (referrer) => {
    for (const blob of [referrer.config, ...referrer.layers]) await rawPushBlob(target, WEBAPP_REPOSITORY, blob);
    await rawPutManifest(target, WEBAPP_REPOSITORY, referrer.manifest.digest, referrer.manifest);
  });
  const referrersIndex = buildReferrersIndex([signature, sbom]);
  await rawPutManifest(target, WEBAPP_REPOSITORY, referrersTagOf(webApp.manifest.digest), referrersIndex);
  return { webApp, previousWebApp, signature, sbom, referrersIndex };
}

async function pushImage(target: RawTarget, repository: string, image: BuiltImage, tags: string[]): Promise<void> {
  await inParallel([image.config, ...image.layers], 4, (blob) => rawPushBlob(target, repository, blob));
  for (const tag of tags) await rawPutManifest(target, repository, tag, image.manifest);
}

/**
 * `1.<minor>.<patch>` releases, one manifest each over one shared config and layer: the config has no
 * `created`, so each manifest's own `org.opencontainers.image.created` annotation dates it. Only a
 * manifest PUT per tag, several at a time, so seeding stays quick.
 */
async function seedManyTags(target: RawTarget): Promise<string[]> {
  const base = buildImage({ label: MANY_TAGS_REPOSITORY });
  const undatedConfig = JSON.parse(base.config.bytes.toString('utf8')) as Record<string, unknown>;
  delete undatedConfig.created;
  delete undatedConfig.history;
  const config = blobOf(MT.ociConfig, jsonBytes(undatedConfig));
  const layer = base.layers[0];
  await Promise.all([config, layer].map((blob) => rawPushBlob(target, MANY_TAGS_REPOSITORY, blob)));
  const tags = Array.from({ length: MANY_TAGS_COUNT }, (_, i) => `1.${Math.floor(i / 10)}.${i % 10}`);
  const start = Date.parse('2024-01-08T12:00:00Z');
  await inParallel(tags, 8, (tag, index) => rawPutManifest(target, MANY_TAGS_REPOSITORY, tag, blobOf(MT.ociManifest, jsonBytes({
    schemaVersion: 2,
    mediaType: MT.ociManifest,
    config: descriptorOf(config),
    layers: [descriptorOf(layer)],
    annotations: { 'org.opencontainers.image.created': new Date(start + index * 2 * 86_400_000).toISOString(), 'org.opencontainers.image.version': tag },
  }))));
  return tags;
}

async function inParallel<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}
