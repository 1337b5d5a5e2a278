// Azure Container Registry's metadata API beyond listings (ACR data-plane REST spec, /acr/v1):
// a repository's counts and times (GET /acr/v1/{name}), the changeable attributes of a repository,
// tag or manifest (GET and PATCH /acr/v1/{name}[/_tags/{tag} | /_manifests/{digest}]) and deleting a
// repository (DELETE /acr/v1/{name}). Locks are checked before a delete or push where that is cheap.
import type { AttributeTarget, CallOptions, ChangeableAttributes, DeletedRepository, RepositoryInfo } from '../types';
import { parseDigest } from '../digest';
import { AbortedError, LockedError, NotFoundError, RegistryError, UnsupportedError } from '../errors';
import { isValidTag, validateRepositoryName, validateTag } from '../reference';
import { expectStatus, readBodyBytes } from '../transport/body';
import { asObject, parseJson, type OperationContext } from './context';

const MAX_METADATA_BYTES = 1024 * 1024;
const ATTRIBUTE_NAMES = ['deleteEnabled', 'writeEnabled', 'listEnabled', 'readEnabled'] as const;

/** The four booleans of a `changeableAttributes` object; anything else in it is ignored. */
export function attributesOf(value: unknown): ChangeableAttributes | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const source = value as Record<string, unknown>;
  const result: ChangeableAttributes = {};
  for (const name of ATTRIBUTE_NAMES) if (typeof source[name] === 'boolean') result[name] = source[name];
  return Object.keys(result).length ? result : undefined;
}

/** Locked for `action`: a push needs write, a delete needs both write and delete (ACR refuses either). */
export function isLockedFor(attributes: ChangeableAttributes | undefined, action: 'write' | 'delete'): boolean {
  if (!attributes) return false;
  return attributes.writeEnabled === false || (action === 'delete' && attributes.deleteEnabled === false);
}

export function describeTarget(target: AttributeTarget): string {
  switch (target.kind) {
    case 'repository': return `repository ${target.repository}`;
    case 'tag': return `tag ${target.repository}:${target.tag}`;
    case 'manifest': return `manifest ${target.repository}@${target.digest}`;
  }
}

function attributesUrl(target: AttributeTarget): string {
  validateRepositoryName(target.repository);
  switch (target.kind) {
    case 'repository': return `/acr/v1/${target.repository}`;
    case 'tag': validateTag(target.tag); return `/acr/v1/${target.repository}/_tags/${target.tag}`;
    case 'manifest': parseDigest(target.digest); return `/acr/v1/${target.repository}/_manifests/${target.digest}`;
  }
}

async function requireAcr(context: OperationContext, what: string, signal?: AbortSignal): Promise<void> {
  if (!(await context.isAcr(signal))) throw new UnsupportedError(`${what} is only available on Azure Container Registry (/acr/v1)`);
}

async function sendJson(context: OperationContext, method: 'GET' | 'PATCH' | 'DELETE', url: string, what: string, options: CallOptions, body?: unknown): Promise<Record<string, unknown>> {
  const response = await context.transport.send({
    method, url, signal: options.signal, streamStatuses: [200, 202],
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: Buffer.from(JSON.stringify(body)) }),
  });
  await expectStatus(response, [200, 202]);
  const bytes = await readBodyBytes(response, MAX_METADATA_BYTES, what);
  return bytes.length ? asObject(parseJson(bytes, what), what) : {};
}

const count = (value: unknown): number | undefined => (Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export async function getRepositoryInfo(context: OperationContext, repository: string, options: CallOptions = {}): Promise<RepositoryInfo> {
  await requireAcr(context, 'repository details', options.signal);
  const body = await sendJson(context, 'GET', attributesUrl({ kind: 'repository', repository }), `attributes of ${repository}`, options);
  return {
    name: repository,
    tagCount: count(body.tagCount),
    manifestCount: count(body.manifestCount),
    createdOn: text(body.createdTime),
    lastUpdatedOn: text(body.lastUpdateTime),
    attributes: attributesOf(body.changeableAttributes),
  };
}

/** A tag's or manifest's answer nests its fields under `tag` / `manifest`; a repository's does not. */
function entryOf(target: AttributeTarget, body: Record<string, unknown>): Record<string, unknown> {
  if (target.kind === 'repository') return body;
  const nested = body[target.kind];
  return typeof nested === 'object' && nested !== null && !Array.isArray(nested) ? nested as Record<string, unknown> : {};
}

export async function getAttributes(context: OperationContext, target: AttributeTarget, options: CallOptions = {}): Promise<ChangeableAttributes> {
  await requireAcr(context, 'attributes', options.signal);
  const body = await sendJson(context, 'GET', attributesUrl(target), `attributes of ${describeTarget(target)}`, options);
  return attributesOf(entryOf(target, body).changeableAttributes) ?? {};
}

export async function updateAttributes(context: OperationContext, target: AttributeTarget, attributes: ChangeableAttributes, options: CallOptions = {}): Promise<ChangeableAttributes> {
  await requireAcr(context, 'changing attributes', options.signal);
  const change = attributesOf(attributes);
  if (!change) throw new RegistryError('no attribute to change: give deleteEnabled, writeEnabled, listEnabled or readEnabled');
  const body = await sendJson(context, 'PATCH', attributesUrl(target), `attributes of ${describeTarget(target)}`, options, change);
  context.log?.('info', 'acr', `${describeTarget(target)}: set ${JSON.stringify(change)}`);
  return attributesOf(entryOf(target, body).changeableAttributes) ?? change;
}

export async function deleteRepository(context: OperationContext, repository: string, options: CallOptions = {}): Promise<DeletedRepository> {
  await requireAcr(context, 'deleting a repository', options.signal);
  const body = await sendJson(context, 'DELETE', attributesUrl({ kind: 'repository', repository }), `deleting ${repository}`, options);
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  return { manifestsDeleted: strings(body.manifestsDeleted), tagsDeleted: strings(body.tagsDeleted).filter((t) => isValidTag(t)) };
}

export function lockedError(target: AttributeTarget, attributes: ChangeableAttributes, action: 'write' | 'delete'): LockedError {
  const disabled = ATTRIBUTE_NAMES.filter((name) => (name === 'writeEnabled' || (action === 'delete' && name === 'deleteEnabled')) && attributes[name] === false);
  const verb = action === 'write' ? 'pushed to' : 'deleted';
  return new LockedError(`${describeTarget(target)} is locked (${disabled.map((n) => `${n} false`).join(', ')}), so it cannot be ${verb}`, { code: 'LOCKED' });
}

/**
 * An ACR tag as it is now: its digest and attributes from one GET (cheaper than a HEAD plus a refusal);
 * undefined when the tag does not exist.
 */
export async function acrTag(context: OperationContext, repository: string, tag: string, signal?: AbortSignal): Promise<{ digest?: string; attributes?: ChangeableAttributes } | undefined> {
  try {
    const body = await sendJson(context, 'GET', attributesUrl({ kind: 'tag', repository, tag }), `tag ${repository}:${tag}`, { signal });
    const entry = entryOf({ kind: 'tag', repository, tag }, body);
    return { digest: text(entry.digest), attributes: attributesOf(entry.changeableAttributes) };
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/**
 * Before a push to a tag or a delete of a manifest on a registry known to be ACR: refuses with a
 * LockedError when the target is locked. Other registries pay no probe for it, and a failed look-up is
 * no reason to stop: ACR's own refusal says the same.
 */
export async function refuseIfLocked(context: OperationContext, target: AttributeTarget, action: 'write' | 'delete', signal?: AbortSignal): Promise<void> {
  if (!(await context.knownAcr())) return;
  let attributes: ChangeableAttributes | undefined;
  try {
    attributes = target.kind === 'tag' ? (await acrTag(context, target.repository, target.tag, signal))?.attributes : await getAttributes(context, target, { signal });
  } catch (error) {
    if (error instanceof AbortedError || signal?.aborted) throw error;
    context.log?.('debug', 'acr', `could not read the attributes of ${describeTarget(target)} before the ${action}: ${(error as Error).message}`);
    return;
  }
  if (isLockedFor(attributes, action)) throw lockedError(target, attributes ?? {}, action);
}
