// The demo's richer samples, built in memory like the other fixtures: a web app image with five
// layers and the build history a Dockerfile gives (empty-layer steps included, aligned with the
// layers), and the artifacts a supply chain attaches to it: a Notation signature and an SPDX SBOM.
// Their content is made up but shaped like the real thing (the signature verifies nothing).
import { createCipheriv, createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { createTar, type TarEntry } from './fixturesTar';
import { blobOf, descriptorOf, jsonBytes, MT, sha256Digest, type BlobData, type BuiltImage } from './fixtures';

export const NOTATION_SIGNATURE = 'application/vnd.cncf.notary.signature';
export const JOSE_ENVELOPE = 'application/jose+json';
export const SPDX_JSON = 'application/spdx+json';

interface Step {
  createdBy: string;
  created: string;
  /** Files of the layer this step made; undefined for a step that made none. */
  files?: TarEntry[];
  comment?: string;
}

/** Incompressible bytes, the same for the same seed: an AES-CTR keystream, fast enough for megabytes. */
function randomLooking(length: number, seed: string): Buffer {
  const key = createHash('sha256').update(seed).digest();
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

const BASE_CREATED = '2024-09-06T22:20:07.972381989Z';
const BUILDKIT = 'buildkit.dockerfile.v0';

function dirs(...names: string[]): TarEntry[] {
  return names.map((name) => ({ name }));
}

/** A Dockerfile's steps as docker records them; `version` changes the app layer and the times. */
function webAppSteps(version: string, built: string): Step[] {
  const at = (seconds: number) => new Date(Date.parse(built) + seconds * 1000).toISOString();
  return [
    {
      createdBy: '/bin/sh -c #(nop) ADD file:5758b97d8301c84a204a6e516241275d785a7cb2fd8ad4ad9c8ed6b0a3c4ad55 in / ',
      created: BASE_CREATED,
      files: [
        ...dirs('bin', 'etc', 'lib', 'tmp', 'usr', 'usr/bin', 'var'),
        { name: 'etc/os-release', content: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n' },
        { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\n' },
        { name: 'bin/busybox', content: randomLooking(400 * 1024, 'busybox'), mode: 0o755 },
        { name: 'lib/ld-musl-x86_64.so.1', content: randomLooking(300 * 1024, 'musl'), mode: 0o755 },
      ],
    },
    { createdBy: '/bin/sh -c #(nop)  CMD ["/bin/sh"]', created: BASE_CREATED },
    { createdBy: 'LABEL org.opencontainers.image.source=https://example.com/acme/webapp', created: at(0), comment: BUILDKIT },
    { createdBy: 'ENV APP_HOME=/srv/app PORT=8080', created: at(0), comment: BUILDKIT },
    {
      createdBy: 'RUN /bin/sh -c apk add --no-cache ca-certificates tzdata # buildkit',
      created: at(14),
      comment: BUILDKIT,
      files: [
        ...dirs('etc/ssl', 'etc/ssl/certs', 'usr/share', 'usr/share/zoneinfo'),
        { name: 'etc/ssl/certs/ca-certificates.crt', content: randomLooking(60 * 1024, 'ca-certificates').toString('base64') },
        { name: 'usr/share/zoneinfo/UTC', content: 'TZif2\n' },
      ],
    },
    {
      createdBy: 'RUN /bin/sh -c adduser -D -u 10001 app # buildkit',
      created: at(16),
      comment: BUILDKIT,
      files: [
        { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\napp:x:10001:10001:Linux User,,,:/home/app:/sbin/nologin\n' },
        { name: 'etc/group', content: 'root:x:0:root\napp:x:10001:app\n' },
        ...dirs('home', 'home/app'),
      ],
    },
    { createdBy: 'WORKDIR /srv/app', created: at(16), comment: BUILDKIT, files: dirs('srv', 'srv/app') },
    {
      createdBy: 'COPY --chown=10001:10001 dist/ /srv/app/ # buildkit',
      created: at(17),
      comment: BUILDKIT,
      files: [
        { name: 'srv/app/server', content: randomLooking(700 * 1024, `webapp ${version}`), mode: 0o755 },
        { name: 'srv/app/config.yaml', content: `listen: ":8080"\nversion: ${version}\n` },
        ...dirs('srv/app/static'),
        { name: 'srv/app/static/index.html', content: `<!doctype html><title>webapp ${version}</title>\n` },
      ],
    },
    { createdBy: 'USER app', created: at(17), comment: BUILDKIT },
    { createdBy: 'EXPOSE map[8080/tcp:{}]', created: at(17), comment: BUILDKIT },
    { createdBy: 'VOLUME [/srv/app/data]', created: at(17), comment: BUILDKIT },
    { createdBy: 'ENTRYPOINT ["/srv/app/server"]', created: at(17), comment: BUILDKIT },
    { createdBy: 'CMD ["--port" "8080"]', created: at(17), comment: BUILDKIT },
  ];
}

/** `samples/webapp` at `version`: five layers, thirteen history steps, the run settings a summary shows. */
export function buildWebApp(version: string, built: string): BuiltImage {
  const steps = webAppSteps(version, built);
  const layers: BlobData[] = [];
  const diffIds: string[] = [];
  for (const step of steps) {
    if (!step.files) continue;
    const tar = createTar(step.files);
    diffIds.push(sha256Digest(tar));
    // Level 1: the random-looking files do not compress anyway, and seeding stays quick.
    layers.push(blobOf(MT.ociLayerGzip, gzipSync(tar, { level: 1 })));
  }
  const history = steps.map((step) => ({
    created: step.created,
    created_by: step.createdBy,
    ...(step.comment ? { comment: step.comment } : {}),
    ...(step.files ? {} : { empty_layer: true }),
  }));
  const config = blobOf(MT.ociConfig, jsonBytes({
    created: steps[steps.length - 1].created,
    architecture: 'amd64',
    os: 'linux',
    config: {
      User: 'app',
      ExposedPorts: { '8080/tcp': {} },
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'APP_HOME=/srv/app', 'PORT=8080'],
      Entrypoint: ['/srv/app/server'],
      Cmd: ['--port', '8080'],
      Volumes: { '/srv/app/data': {} },
      WorkingDir: '/srv/app',
      Labels: { 'org.opencontainers.image.source': 'https://example.com/acme/webapp', 'org.opencontainers.image.version': version },
    },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history,
  }));
  const manifest = blobOf(MT.ociManifest, jsonBytes({
    schemaVersion: 2,
    mediaType: MT.ociManifest,
    config: descriptorOf(config),
    layers: layers.map((layer) => descriptorOf(layer)),
    annotations: { 'org.opencontainers.image.created': steps[steps.length - 1].created },
  }));
  return { manifest, config, layers, platform: { os: 'linux', architecture: 'amd64' } };
}

export interface BuiltArtifact { manifest: BlobData; config: BlobData; layers: BlobData[] }

const base64url = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A Notation signature of `subject` (JWS envelope, x509 signing scheme) as notation pushes it. */
export function buildNotationSignature(subject: BlobData, signedAt: string): BuiltArtifact {
  const certificate = randomLooking(742, 'demo signing certificate');
  const envelope = {
    payload: base64url({ targetArtifact: descriptorOf(subject) }),
    protected: base64url({
      alg: 'PS256',
      crit: ['io.cncf.notary.signingScheme'],
      cty: 'application/vnd.cncf.notary.payload.v1+json',
      'io.cncf.notary.signingScheme': 'notary.x509',
      'io.cncf.notary.signingTime': signedAt,
    }),
    header: { x5c: [certificate.toString('base64')], 'io.cncf.notary.signingAgent': 'notation-go/1.2.1' },
    signature: randomLooking(256, `signature of ${subject.digest}`).toString('base64url'),
  };
  const thumbprint = sha256Digest(certificate).slice('sha256:'.length);
  return artifact(NOTATION_SIGNATURE, blobOf(JOSE_ENVELOPE, JSON.stringify(envelope)), subject, {
    'io.cncf.notary.x509chain.thumbprint#S256': JSON.stringify([thumbprint]),
    'org.opencontainers.image.created': signedAt,
  });
}

/** An SPDX 2.3 SBOM of the web app image, listing the packages its layers hold. */
export function buildSpdxSbom(subject: BlobData, version: string, createdAt: string): BuiltArtifact {
  const packages = [
    ['alpine-baselayout', '3.6.5-r0', 'GPL-2.0-only'], ['busybox', '1.36.1-r29', 'GPL-2.0-only'],
    ['musl', '1.2.5-r0', 'MIT'], ['ca-certificates', '20240705-r0', 'MPL-2.0 AND MIT'],
    ['tzdata', '2024b-r0', 'Public-Domain'], ['webapp', version, 'Apache-2.0'],
  ];
  const document = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `samples/webapp:${version}`,
    documentNamespace: `https://example.com/spdx/samples/webapp-${version}-${subject.digest.slice(7, 19)}`,
    creationInfo: { created: createdAt, creators: ['Tool: syft-1.14.0'] },
    packages: packages.map(([name, versionInfo, license]) => ({
      name, SPDXID: `SPDXRef-Package-${name}`, versionInfo, downloadLocation: 'NOASSERTION',
      licenseConcluded: license, licenseDeclared: license, copyrightText: 'NOASSERTION',
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: `pkg:apk/alpine/${name}@${versionInfo}?arch=x86_64` }],
    })),
    relationships: packages.map(([name]) => ({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: `SPDXRef-Package-${name}` })),
  };
  const layer = blobOf(SPDX_JSON, jsonBytes(document));
  return artifact(SPDX_JSON, layer, subject, { 'org.opencontainers.image.created': createdAt }, 'sbom.spdx.json');
}

function artifact(artifactType: string, layer: BlobData, subject: BlobData, annotations: Record<string, string>, title?: string): BuiltArtifact {
  const config = blobOf(MT.ociEmpty, '{}');
  const manifest = blobOf(MT.ociManifest, jsonBytes({
    schemaVersion: 2,
    mediaType: MT.ociManifest,
    artifactType,
    config: descriptorOf(config),
    layers: [descriptorOf(layer, title ? { annotations: { 'org.opencontainers.image.title': title } } : {})],
    subject: descriptorOf(subject),
    annotations,
  }));
  return { manifest, config, layers: [layer] };
}

/**
 * The referrers index of the OCI referrers tag schema: one descriptor per referrer, with its
 * artifactType and annotations, to be tagged `sha256-<hex of the subject>`.
 */
export function buildReferrersIndex(referrers: BuiltArtifact[]): BlobData {
  return blobOf(MT.ociIndex, jsonBytes({
    schemaVersion: 2,
    mediaType: MT.ociIndex,
    manifests: referrers.map((referrer) => {
      const parsed = JSON.parse(referrer.manifest.bytes.toString('utf8')) as { artifactType: string; annotations: Record<string, string> };
      return descriptorOf(referrer.manifest, { artifactType: parsed.artifactType, annotations: parsed.annotations });
    }),
  }));
}

/** `sha256:<hex>` → `sha256-<hex>`, the tag the referrers tag schema uses. */
export function referrersTagOf(digest: string): string {
  return digest.replace(':', '-');
}
