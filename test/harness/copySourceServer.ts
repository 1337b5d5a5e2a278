// Scripted source registries for copy tests: one serves an image, and its layer either whole, with one
// byte flipped (content that does not match its digest), or only its first 100 kB and then nothing
// (a transfer that is surely still running when the test cancels it); another serves an image with a
// referrer whose layer stalls so.
import { blobOf, descriptorOf, imageBlobs, jsonBytes, MT, type BlobData, type BuiltImage } from './fixtures';
import { sendJson, serveBytes, startFaultServer, type RunningFaultServer } from './faultServer';

export type LayerBehaviour = 'whole' | 'corrupt' | 'stall';
export const STALL_AFTER_BYTES = 100_000;

/** Serves `image` as `<repository>:latest`. */
export function startCopySource(image: BuiltImage, repository: string, layer: LayerBehaviour): Promise<RunningFaultServer> {
  const big = image.layers[0];
  return startFaultServer((request, response) => {
    const path = request.url;
    if (path === `/v2/${repository}/manifests/latest` || path === `/v2/${repository}/manifests/${image.manifest.digest}`) {
      response.writeHead(200, { 'content-type': image.manifest.mediaType, 'content-length': image.manifest.size });
      return void response.end(request.method === 'HEAD' ? undefined : image.manifest.bytes);
    }
    if (path === `/v2/${repository}/blobs/${big.digest}` && layer !== 'whole') {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': big.size });
      if (layer === 'stall') return void response.write(big.bytes.subarray(0, STALL_AFTER_BYTES));
      const altered = Buffer.from(big.bytes);
      altered[altered.length - 10] ^= 0xff;
      return void response.end(altered);
    }
    const blob = imageBlobs(image).find((b) => path === `/v2/${repository}/blobs/${b.digest}`);
    if (blob) return serveBytes(request, response, blob.bytes);
    sendJson(response, 404, { errors: [{ code: 'NAME_UNKNOWN', message: 'no such thing' }] });
  });
}

/**
 * Serves `image` as `<repository>:latest` with one referrer listed under the referrers tag schema;
 * the referrer's layer stops after its first 100 kB.
 */
export function startStallingReferrerSource(image: BuiltImage, referrer: { manifest: BlobData; config: BlobData; layers: BlobData[] }, repository: string): Promise<RunningFaultServer> {
  const index = blobOf(MT.ociIndex, jsonBytes({ schemaVersion: 2, mediaType: MT.ociIndex, manifests: [descriptorOf(referrer.manifest, { artifactType: 'application/vnd.example.sbom.v1+json' })] }));
  const manifests = new Map<string, BlobData>([
    ['latest', image.manifest], [image.manifest.digest, image.manifest], [`sha256-${image.manifest.digest.slice(7)}`, index], [referrer.manifest.digest, referrer.manifest],
  ]);
  const stalled = referrer.layers[0];
  return startFaultServer((request, response) => {
    const manifest = manifests.get(request.url.replace(`/v2/${repository}/manifests/`, ''));
    if (manifest) {
      response.writeHead(200, { 'content-type': manifest.mediaType, 'content-length': manifest.size });
      return void response.end(request.method === 'HEAD' ? undefined : manifest.bytes);
    }
    if (request.url === `/v2/${repository}/blobs/${stalled.digest}`) {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': stalled.size });
      return void response.write(stalled.bytes.subarray(0, STALL_AFTER_BYTES));
    }
    const blob = [...imageBlobs(image), referrer.config].find((b) => request.url === `/v2/${repository}/blobs/${b.digest}`);
    if (blob) return serveBytes(request, response, blob.bytes);
    sendJson(response, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'no such thing' }] });
  });
}
