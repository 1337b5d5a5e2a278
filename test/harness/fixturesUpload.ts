// A deliberately small, independent uploader (raw node:http/https, monolithic POST+PUT) used by the
// seed for content skopeo cannot push as-is (artifacts with custom media types) and for many tiny
// repositories. Anonymous, basic, or a Docker-style token fetched with the basic credentials;
// it is a test fixture, not the project's client.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { BlobData } from './fixtures';

export interface RawTarget {
  /** `http://127.0.0.1:5000` or `https://…`. */
  url: string;
  username?: string;
  password?: string;
  /** PEM CA for a self-signed registry. */
  ca?: string;
}

interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

function basicHeader(target: RawTarget): string | undefined {
  if (target.username === undefined || target.password === undefined) return undefined;
  return `Basic ${Buffer.from(`${target.username}:${target.password}`).toString('base64')}`;
}

/** A bearer token for the challenge's scope, fetched from its realm with the basic credentials. */
async function bearerFor(target: RawTarget, challenge: string): Promise<string | undefined> {
  const param = (name: string): string | undefined => new RegExp(`${name}="([^"]*)"`).exec(challenge)?.[1];
  const realm = param('realm');
  if (!/^Bearer /i.test(challenge) || !realm) return undefined;
  const url = new URL(realm);
  const service = param('service');
  const scope = param('scope');
  if (service) url.searchParams.set('service', service);
  if (scope) url.searchParams.set('scope', scope);
  const basic = basicHeader(target);
  const response = await send(target, 'GET', url.toString(), basic ? { authorization: basic } : {}, undefined, false);
  expectStatus(response, [200], `token for ${scope ?? 'registry'}`);
  const body = JSON.parse(response.body) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  return token ? `Bearer ${token}` : undefined;
}

async function send(target: RawTarget, method: string, url: string, headers: Record<string, string>, body?: Buffer, authenticate = true): Promise<RawResponse> {
  const first = await sendOnce(target, method, url, authenticate ? { authorization: basicHeader(target) ?? '', ...headers } : headers, body);
  const challenge = String(first.headers['www-authenticate'] ?? '');
  if (!authenticate || first.status !== 401 || !challenge) return first;
  const bearer = await bearerFor(target, challenge);
  return bearer ? sendOnce(target, method, url, { ...headers, authorization: bearer }, body) : first;
}

function sendOnce(target: RawTarget, method: string, url: string, headers: Record<string, string>, body?: Buffer): Promise<RawResponse> {
  const allHeaders: Record<string, string> = { ...headers, 'content-length': String(body?.length ?? 0) };
  if (!allHeaders.authorization) delete allHeaders.authorization;
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: allHeaders, ca: target.ca, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after 30 s waiting for ${method} ${new URL(url).pathname}`)));
    req.on('error', reject);
    req.end(body);
  });
}

function expectStatus(response: RawResponse, expected: number[], what: string): void {
  if (!expected.includes(response.status)) throw new Error(`${what}: HTTP ${response.status} ${response.body.slice(0, 500)}`);
}

export async function rawPushBlob(target: RawTarget, repository: string, blob: BlobData): Promise<void> {
  const base = target.url.replace(/\/$/, '');
  const head = await send(target, 'HEAD', `${base}/v2/${repository}/blobs/${blob.digest}`, {});
  if (head.status === 200) return;
  const started = await send(target, 'POST', `${base}/v2/${repository}/blobs/uploads/`, {});
  expectStatus(started, [202], `start upload to ${repository}`);
  const location = new URL(String(started.headers.location), `${base}/`);
  location.searchParams.set('digest', blob.digest);
  const put = await send(target, 'PUT', location.toString(), { 'content-type': 'application/octet-stream' }, blob.bytes);
  expectStatus(put, [201], `upload ${blob.digest} to ${repository}`);
}

export async function rawPutManifest(target: RawTarget, repository: string, reference: string, manifest: BlobData): Promise<void> {
  const base = target.url.replace(/\/$/, '');
  const put = await send(target, 'PUT', `${base}/v2/${repository}/manifests/${reference}`, { 'content-type': manifest.mediaType }, manifest.bytes);
  expectStatus(put, [201], `put manifest ${repository}:${reference}`);
}
