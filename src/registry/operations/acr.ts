// Azure Container Registry's own listing API (/acr/v1), which adds digests and times to tags and
// lists manifests (including untagged ones). Field names follow the ACR data-plane REST spec.
import type { PipelineResponse } from '@azure/core-rest-pipeline';
import type { CallOptions, ManifestInfo, Page, PageCursor, TagInfo } from '../types';
import { isAcrHost } from '../acr';
import { findChallenge, parseWwwAuthenticate } from '../challenge';
import { isValidDigest } from '../digest';
import { AbortedError, UnsupportedError } from '../errors';
import { parseJsonBytes } from '../json';
import { isValidMediaType } from '../mediaTypes';
import { isValidTag, validateRepositoryName } from '../reference';
import { discardBody, readBodyBytes } from '../transport/body';
import { checkCursorUrl, type OperationContext } from './context';
import { fetchListingPage, pageOf, pageQuery, validEntries } from './listing';
import { attributesOf } from './acrMetadata';

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function listed(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

type Entry = Record<string, unknown>;
const isEntry = (value: unknown): value is Entry => typeof value === 'object' && value !== null && !Array.isArray(value);
const validTagEntry = (value: unknown): value is Entry => isEntry(value) && isValidTag(value.name);
const validManifestEntry = (value: unknown): value is Entry => isEntry(value) && isValidDigest(value.digest);

export async function listAcrTags(
  context: OperationContext,
  repository: string,
  options: CallOptions & { pageSize?: number; cursor?: PageCursor; last?: string; orderBy?: 'timedesc' },
): Promise<Page<TagInfo>> {
  validateRepositoryName(repository);
  const what = `tag list of ${repository}`;
  // The next pages' Link carries the order on.
  const query = pageQuery(options) + (options.orderBy ? `${pageQuery(options) ? '&' : '?'}orderby=${options.orderBy}` : '');
  const url = options.cursor ? checkCursorUrl(context.transport, options.cursor.url) : `/acr/v1/${repository}/_tags${query}`;
  const page = await fetchListingPage(context, url, options, (body) => listed(body.tags), what);
  const { items, dropped } = validEntries(context, page.names, validTagEntry, what);
  const tags = items.map((tag) => ({
    name: tag.name as string,
    digest: isValidDigest(tag.digest) ? (tag.digest as string) : undefined,
    createdOn: optionalString(tag.createdTime),
    lastUpdatedOn: optionalString(tag.lastUpdateTime),
    attributes: attributesOf(tag.changeableAttributes),
  }));
  return pageOf(tags, page.next, dropped);
}

export async function listAcrManifests(
  context: OperationContext,
  repository: string,
  options: CallOptions & { pageSize?: number; cursor?: PageCursor },
): Promise<Page<ManifestInfo>> {
  validateRepositoryName(repository);
  if (!(await context.isAcr(options.signal))) {
    throw new UnsupportedError('listing manifests is only available on Azure Container Registry (/acr/v1); list tags instead');
  }
  const what = `manifest list of ${repository}`;
  const url = options.cursor ? checkCursorUrl(context.transport, options.cursor.url) : `/acr/v1/${repository}/_manifests${pageQuery(options)}`;
  const page = await fetchListingPage(context, url, options, (body) => listed(body.manifests), what);
  const { items, dropped } = validEntries(context, page.names, validManifestEntry, what);
  const manifests = items.map((m) => ({
    digest: m.digest as string,
    mediaType: isValidMediaType(m.mediaType) ? (m.mediaType as string) : undefined,
    size: typeof m.imageSize === 'number' ? m.imageSize : undefined,
    tags: Array.isArray(m.tags) ? m.tags.filter((t): t is string => isValidTag(t)) : undefined,
    createdOn: optionalString(m.createdTime),
    lastUpdatedOn: optionalString(m.lastUpdateTime),
    architecture: optionalString(m.architecture),
    os: optionalString(m.os),
    attributes: attributesOf(m.changeableAttributes),
  }));
  return pageOf(manifests, page.next, dropped);
}

/** ACR's challenge names its own `/oauth2/token` as the realm. */
export function challengesLikeAcr(header: string | null | undefined, origin: string): boolean {
  const realm = findChallenge(parseWwwAuthenticate(header), 'bearer')?.params.realm;
  if (!realm) return false;
  try {
    const url = new URL(realm);
    return url.origin === origin && url.pathname === '/oauth2/token';
  } catch {
    return false;
  }
}

/** A 200 from ACR's catalog is JSON with a `repositories` array; a catch-all page of another server is not. */
async function listsRepositories(response: PipelineResponse): Promise<boolean> {
  try {
    const body = parseJsonBytes(await readBodyBytes(response, 64 * 1024, 'ACR catalog'), 'ACR catalog');
    return isEntry(body) && Array.isArray(body.repositories);
  } catch (error) {
    if (error instanceof AbortedError) throw error;
    return false;
  }
}

/**
 * Asks `/acr/v1/_catalog` once, without credentials: ACR answers 200 with a catalog, or 401 with a
 * challenge for its own `/oauth2/token`; other registries answer 404 or name another realm. Going
 * without credentials keeps the probe from costing a token request on registries that are not ACR.
 */
export async function probeAcr(context: Pick<OperationContext, 'transport' | 'log'>, signal?: AbortSignal): Promise<boolean> {
  if (isAcrHost(context.transport.endpoint.host) || context.transport.endpoint.auth.kind === 'azure') return true;
  try {
    const response = await context.transport.send({ method: 'GET', url: '/acr/v1/_catalog?n=1', signal, headers: { accept: 'application/json' }, withoutCredentials: true });
    if (response.status !== 200) discardBody(response);
    const acr = response.status === 200
      ? await listsRepositories(response)
      : response.status === 401 && challengesLikeAcr(response.headers.get('www-authenticate'), context.transport.origin);
    context.log?.('debug', 'acr', `/acr/v1 probe answered ${response.status}: ${acr ? '' : 'not '}Azure Container Registry`);
    return acr;
  } catch (error) {
    if (error instanceof AbortedError) throw error;
    return false;
  }
}
