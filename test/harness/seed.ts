// Puts the demo content into a registry: the lead's demo, the VS Code tests and the integration
// tests all start from it. Images go in through skopeo (an independent tool); the artifact and the
// many small "team/app-NN" repositories through the raw fixture uploader.
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildArtifact, buildImage, buildIndex, imageBlobs, indexBlobs, writeOciLayout, writeSkopeoDir,
  type BlobData, type BuiltImage, type BuiltIndex,
} from './fixtures';
import { rawPushBlob, rawPutManifest, type RawTarget } from './fixturesUpload';
import { dockerTransport, skopeoCopy, type SkopeoAccess } from './skopeo';

export interface SeedOptions {
  username?: string;
  password?: string;
  /** PEM file of the CA for a TLS registry with a self-signed certificate. */
  caCertPath?: string;
  /** How many `team/app-NN` repositories to create (default 12). */
  extraRepositories?: number;
}

export const SBOM_ARTIFACT_TYPE = 'application/vnd.example.sbom.v1+json';
export const SBOM_LAYER_TYPE = 'application/vnd.example.sbom.layer.v1+json';

export interface SeededContent {
  /** samples/hello:1.0 (also tagged `latest`). */
  hello: BuiltImage;
  /** samples/multiarch:latest, OCI index linux/amd64 + linux/arm64/v8. */
  multiarch: BuiltIndex;
  /** samples/dockerlist:latest, Docker manifest list of two Docker v2 manifests. */
  dockerList: BuiltIndex;
  /** samples/artifact:v1 with `subject` = hello's manifest. */
  artifact: { manifest: BlobData; config: BlobData; layers: BlobData[] };
  /** Every repository created, sorted. */
  repositories: string[];
}

export async function seedSampleContent(registryUrl: string, options: SeedOptions = {}): Promise<SeededContent> {
  const url = new URL(registryUrl);
  const host = url.host;
  const ca = options.caCertPath ? await readFile(options.caCertPath, 'utf8') : undefined;
  const workDir = await mkdtemp(join(tmpdir(), 'crx-seed-'));
  try {
    const access: SkopeoAccess = { host, username: options.username, password: options.password, tlsVerify: url.protocol === 'https:' };
    if (options.caCertPath) {
      access.certDir = join(workDir, 'certs');
      await mkdir(access.certDir);
      await copyFile(options.caCertPath, join(access.certDir, 'ca.crt'));
    }
    const raw: RawTarget = { url: url.origin, username: options.username, password: options.password, ca };

    const hello = buildImage({ label: 'samples/hello' });
    await writeOciLayout(join(workDir, 'hello'), [{ tag: '1.0', root: hello.manifest }], imageBlobs(hello));
    for (const tag of ['1.0', 'latest']) {
      await skopeoCopy(`oci:${join(workDir, 'hello')}:1.0`, dockerTransport(host, `samples/hello:${tag}`), { dest: access });
    }

    const multiarch = buildIndex({ label: 'samples/multiarch' });
    await writeOciLayout(join(workDir, 'multiarch'), [{ tag: 'latest', root: multiarch.index }], indexBlobs(multiarch));
    await skopeoCopy(`oci:${join(workDir, 'multiarch')}:latest`, dockerTransport(host, 'samples/multiarch:latest'), { dest: access, all: true });

    const dockerList = buildIndex({ flavor: 'docker', label: 'samples/dockerlist' });
    await writeSkopeoDir(
      join(workDir, 'dockerlist'),
      dockerList.index,
      dockerList.images.map((image) => image.manifest),
      dockerList.images.flatMap((image) => [image.config, ...image.layers]),
    );
    await skopeoCopy(`dir:${join(workDir, 'dockerlist')}`, dockerTransport(host, 'samples/dockerlist:latest'), { dest: access, all: true });

    const artifact = buildArtifact({
      artifactType: SBOM_ARTIFACT_TYPE,
      layerMediaType: SBOM_LAYER_TYPE,
      content: JSON.stringify({ sbom: 'example', packages: [{ name: 'hello', version: '1.0' }] }),
      subject: hello.manifest,
    });
    for (const blob of [artifact.config, ...artifact.layers]) await rawPushBlob(raw, 'samples/artifact', blob);
    await rawPutManifest(raw, 'samples/artifact', 'v1', artifact.manifest);

    const repositories = ['samples/artifact', 'samples/dockerlist', 'samples/hello', 'samples/multiarch'];
    const count = options.extraRepositories ?? 12;
    for (let i = 1; i <= count; i++) {
      const name = `team/app-${String(i).padStart(2, '0')}`;
      const image = buildImage({ label: name });
      for (const blob of [image.config, ...image.layers]) await rawPushBlob(raw, name, blob);
      await rawPutManifest(raw, name, '1.0', image.manifest);
      repositories.push(name);
    }
    return { hello, multiarch, dockerList, artifact, repositories: repositories.sort() };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
