// Azure Container Registry's own listing API (/acr/v1), which adds digests and times to tags and
// lists manifests (including untagged ones). Field names follow the ACR data-plane REST spec.
import type { CallOptions, ManifestInfo, Page, PageCursor, TagInfo } from '../types';
import { UnsupportedError } from '../errors';
import { validateRepositoryName } from '../reference';
import { checkCursorUrl, type OperationContext } from './context';
import { fetchListingPage, pageQuery } from './listing';

const ACR_HOST = /\.azurecr\.(io|cn|us)$|\.azurecr\.microsoft\.(scloud|eaglex\.ic\.gov)$/i;

export function looksLikeAcrHost(host: string): boolean {
  return ACR_HOST.test(host.replace(/:\d+$/, ''));
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null) : [];
}

export async function listAcrTags(
  context: OperationContext,
  repository: string,
  options: CallOptions & { pageSize?: number; cursor?: PageCursor; last?: string },
): Promise<Page<TagInfo>> {
  validateRepositoryName(repository);
  const url = options.cursor ? checkCursorUrl(context.transport, options.cursor.url) : `/acr/v1/${repository}/_tags${pageQuery(options)}`;
  const page = await fetchListingPage(context, url, options, (body) => records(body.tags).map((tag) => String(tag.name ?? '')), `tag list of ${repository}`);
  const items = records(page.body.tags)
    .filter((tag) => typeof tag.name === 'string')
    .map((tag) => ({
      name: tag.name as string,
      digest: optionalString(tag.digest),
      createdOn: optionalString(tag.createdTime),
      lastUpdatedOn: optionalString(tag.lastUpdateTime),
    }));
  return { items, next: page.next };
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
  const url = options.cursor ? checkCursorUrl(context.transport, options.cursor.url) : `/acr/v1/${repository}/_manifests${pageQuery(options)}`;
  const page = await fetchListingPage(context, url, options, (body) => records(body.manifests).map((m) => String(m.digest ?? '')), `manifest list of ${repository}`);
  const items = records(page.body.manifests)
    .filter((m) => typeof m.digest === 'string')
    .map((m) => ({
      digest: m.digest as string,
      mediaType: optionalString(m.mediaType),
      size: typeof m.imageSize === 'number' ? m.imageSize : undefined,
      tags: Array.isArray(m.tags) ? m.tags.filter((t): t is string => typeof t === 'string') : undefined,
      createdOn: optionalString(m.createdTime),
      lastUpdatedOn: optionalString(m.lastUpdateTime),
      architecture: optionalString(m.architecture),
      os: optionalString(m.os),
    }));
  return { items, next: page.next };
}

/** Asks `/acr/v1/_catalog` once: only ACR answers it with 200. */
export async function probeAcr(context: Pick<OperationContext, 'transport' | 'log'>, signal?: AbortSignal): Promise<boolean> {
  if (looksLikeAcrHost(context.transport.endpoint.host) || context.transport.endpoint.auth.kind === 'azure') return true;
  try {
    const response = await context.transport.send({ method: 'GET', url: '/acr/v1/_catalog?n=1', signal, headers: { accept: 'application/json' } });
    context.log?.('debug', 'acr', `/acr/v1 probe answered ${response.status}`);
    return response.status === 200;
  } catch (error) {
    if ((error as Error).name === 'AbortedError') throw error;
    return false;
  }
}
