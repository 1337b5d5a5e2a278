// A scripted source registry for copy tests: serves one image, and its layer either whole, with one
// byte flipped (content that does not match its digest), or only its first 100 kB and then nothing
// (a transfer that is surely still running when the test cancels it).
import type { BuiltImage } from './fixtures';
import { imageBlobs } from './fixtures';
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
