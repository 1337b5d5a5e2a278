// A registry written from the distribution spec that lists hostile names: path tricks, control
// characters, a NUL and a 10,000-character tag, beside valid ones. It also serves a listing that is
// not UTF-8, a manifest with C1 control characters, an error message with an ESC sequence, and
// (with `acr`) ACR's /acr/v1 tag listing with the same names.
import type { ServerResponse } from 'node:http';
import { sendJson, startFaultServer, type RecordedRequest, type RunningFaultServer } from './faultServer';
import { blobOf, jsonBytes, MT, type BlobData } from './fixtures';

export const VALID_REPOSITORIES = ['good/one', 'good/two'];
export const VALID_TAGS = ['v1', 'v2'];
/** Every one breaks the OCI name or tag grammar. */
export const HOSTILE_NAMES: unknown[] = ['../../x', '/etc/passwd', 'nul\u0000x', 'esc\u001b[2J\u001b]0;pwned\u0007', 'x'.repeat(10_000), 42, null];

const ERROR_WITH_ESC = 'repository \u001b[31mgone\u001b[0m\u009b2J';

/** An image manifest whose annotation holds raw C1 characters (legal in JSON strings) and an escaped ESC. */
export const C1_MANIFEST: BlobData = blobOf(
  MT.ociManifest,
  jsonBytes({
    schemaVersion: 2,
    mediaType: MT.ociManifest,
    config: { mediaType: MT.ociEmpty, digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a', size: 2 },
    layers: [],
    annotations: { note: 'csi\u009b2J and \u001b[31mred' },
  }),
);

function handle(acr: boolean, request: RecordedRequest, response: ServerResponse): void {
  const url = new URL(request.url, 'http://registry');
  const path = url.pathname;
  if (path === '/v2/') return sendJson(response, 200, {});
  if (path === '/acr/v1/_catalog') return acr ? sendJson(response, 200, { repositories: VALID_REPOSITORIES }) : sendJson(response, 404, { errors: [] });
  if (path === '/v2/_catalog') {
    // Two pages; the second arrives through a Link header, as docker-registry pages.
    if (!url.searchParams.get('last')) {
      return sendJson(response, 200, { repositories: [VALID_REPOSITORIES[0], ...HOSTILE_NAMES] }, { link: '</v2/_catalog?last=good%2Fone&n=100>; rel="next"' });
    }
    return sendJson(response, 200, { repositories: [VALID_REPOSITORIES[1], 'Upper/Case'] });
  }
  if (path === '/v2/good/one/tags/list') return sendJson(response, 200, { name: 'good/one', tags: [VALID_TAGS[0], ...HOSTILE_NAMES, '.dot', VALID_TAGS[1]] });
  if (path === '/acr/v1/good/one/_tags') {
    const tags = [VALID_TAGS[0], ...HOSTILE_NAMES, VALID_TAGS[1]].map((name) => ({ name, digest: C1_MANIFEST.digest }));
    return sendJson(response, 200, { registry: 'hostile', imageName: 'good/one', tags: [...tags, 'not-an-object'] });
  }
  if (path === '/acr/v1/good/one/_manifests') {
    const manifests = [
      { digest: C1_MANIFEST.digest, mediaType: MT.ociManifest, tags: [VALID_TAGS[0], ...HOSTILE_NAMES] },
      ...HOSTILE_NAMES.map((digest) => ({ digest, mediaType: MT.ociManifest })),
      { digest: `sha256:${'A'.repeat(64)}` },
    ];
    return sendJson(response, 200, { registry: 'hostile', imageName: 'good/one', manifests });
  }
  if (path === '/v2/latin/tags/list') {
    response.writeHead(200, { 'content-type': 'application/json' });
    return void response.end(Buffer.concat([Buffer.from('{"name":"latin","tags":["caf'), Buffer.from([0xe9]), Buffer.from('"]}')]));
  }
  if (path === '/v2/good/one/manifests/c1' && request.method === 'GET') {
    response.writeHead(200, { 'content-type': MT.ociManifest, 'docker-content-digest': C1_MANIFEST.digest });
    return void response.end(C1_MANIFEST.bytes);
  }
  if (path.startsWith('/v2/good/one/referrers/')) return sendJson(response, 200, { schemaVersion: 2, mediaType: MT.ociIndex, manifests: HOSTILE_REFERRERS }, { 'content-type': MT.ociIndex });
  sendJson(response, 404, { errors: [{ code: 'NAME_UNKNOWN', message: ERROR_WITH_ESC }] });
}

/** A referrers index with one valid descriptor among ones that break the descriptor rules. */
export const HOSTILE_REFERRERS: unknown[] = [
  { mediaType: MT.ociManifest, digest: C1_MANIFEST.digest, size: C1_MANIFEST.size, artifactType: 'application/vnd.example.sbom.v1+json' },
  { mediaType: 'application/x`id`', digest: C1_MANIFEST.digest, size: 1 },
  { mediaType: MT.ociManifest, digest: C1_MANIFEST.digest, size: 1, annotations: { nested: { a: 'b' } } },
  { mediaType: MT.ociManifest, digest: C1_MANIFEST.digest, size: 1, artifactType: 'text/x\u001b[2J' },
  { mediaType: MT.ociManifest, digest: 'md5:abc', size: 1 },
  'not-a-descriptor',
];

export function startHostileRegistry(options: { acr?: boolean } = {}): Promise<RunningFaultServer> {
  return startFaultServer((request, response) => handle(options.acr === true, request, response));
}
