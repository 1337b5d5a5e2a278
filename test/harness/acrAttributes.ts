// The attribute side of the ACR look-alike, from the ACR data-plane REST spec (Azure/azure-rest-api-specs,
// containerregistry/data-plane, 2021-07-01): GET/PATCH/DELETE /acr/v1/{name}, GET/PATCH
// /acr/v1/{name}/_tags/{tag} and /_manifests/{digest}, and the refusals ACR gives for locked content:
// 405 REGISTRY_DISALLOWED_OPERATION for a push to a tag whose write is disabled, and for deleting a
// tag, manifest or repository whose write or delete is disabled.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readStoredManifests, readStoredTags, type StoredTag } from './acrMetadata';
import { readRequestText } from './requestBody';

export interface Attributes { deleteEnabled: boolean; writeEnabled: boolean; listEnabled: boolean; readEnabled: boolean }
const OPEN: Attributes = { deleteEnabled: true, writeEnabled: true, listEnabled: true, readEnabled: true };

export const DISALLOWED = {
  errors: [{ code: 'REGISTRY_DISALLOWED_OPERATION', message: 'The operation is disallowed on this registry, repository or image.', detail: {} }],
};

/** Attributes the test has changed, by `repo`, `repo:tag` or `repo@digest`; everything else is open. */
export class AttributeStore {
  private readonly changed = new Map<string, Attributes>();

  get(key: string): Attributes {
    return this.changed.get(key) ?? { ...OPEN };
  }

  patch(key: string, change: Record<string, unknown>): Attributes {
    const next = this.get(key);
    for (const name of Object.keys(OPEN) as Array<keyof Attributes>) if (typeof change[name] === 'boolean') next[name] = change[name] as boolean;
    this.changed.set(key, next);
    return next;
  }

  /** A tag or manifest that is gone takes its attributes with it. */
  forget(prefix: string): void {
    for (const key of [...this.changed.keys()]) if (key === prefix || key.startsWith(`${prefix}:`) || key.startsWith(`${prefix}@`)) this.changed.delete(key);
  }

  refusesWrite(repository: string, tag: string): boolean {
    return !this.get(repository).writeEnabled || !this.get(`${repository}:${tag}`).writeEnabled;
  }

  /** ACR refuses a delete when write or delete is disabled on the item or its repository. */
  refusesDelete(...keys: string[]): boolean {
    return keys.some((key) => { const a = this.get(key); return !a.writeEnabled || !a.deleteEnabled; });
  }
}

export interface AttributeRoutes {
  store: AttributeStore;
  storage: () => string;
  service: () => string;
  send: (res: ServerResponse, status: number, body: unknown) => void;
  authorize: (name: string, action: string) => boolean;
  deleteRepository: (name: string) => Promise<{ manifestsDeleted: string[]; tagsDeleted: string[] }>;
  manifestEntry: (name: string, digest: string, tags: StoredTag[]) => Promise<Record<string, unknown> | undefined>;
}

const NOT_FOUND = (code: string, message: string) => ({ errors: [{ code, message }] });

/** /acr/v1/{name}: repository attributes (GET, PATCH) and deleting the repository (DELETE). */
export async function handleRepository(routes: AttributeRoutes, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  const action = req.method === 'DELETE' ? 'delete' : req.method === 'PATCH' ? 'metadata_write' : 'metadata_read';
  if (!['GET', 'PATCH', 'DELETE'].includes(req.method ?? '')) return routes.send(res, 405, NOT_FOUND('UNSUPPORTED', 'method not allowed'));
  if (!routes.authorize(name, action)) return;
  const storage = routes.storage();
  const manifests = await readStoredManifests(storage, name);
  if (manifests.length === 0) return routes.send(res, 404, NOT_FOUND('NAME_UNKNOWN', 'repository name not known to registry'));
  if (req.method === 'DELETE') {
    if (routes.store.refusesDelete(name)) return routes.send(res, 405, DISALLOWED);
    const deleted = await routes.deleteRepository(name);
    routes.store.forget(name);
    return routes.send(res, 202, deleted);
  }
  if (req.method === 'PATCH') routes.store.patch(name, JSON.parse((await readRequestText(req)) || '{}') as Record<string, unknown>);
  const tags = await readStoredTags(storage, name);
  const times = [...manifests, ...tags];
  return routes.send(res, 200, {
    registry: routes.service(), imageName: name,
    createdTime: times.map((t) => t.createdTime).sort()[0], lastUpdateTime: times.map((t) => t.lastUpdateTime).sort().pop(),
    manifestCount: manifests.length, tagCount: tags.length,
    changeableAttributes: routes.store.get(name),
  });
}

/** /acr/v1/{name}/_tags/{tag} and /_manifests/{digest}: one item's attributes (GET, PATCH). */
export async function handleItem(routes: AttributeRoutes, req: IncomingMessage, res: ServerResponse, name: string, kind: '_tags' | '_manifests', item: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'PATCH') return routes.send(res, 405, NOT_FOUND('UNSUPPORTED', 'method not allowed'));
  if (!routes.authorize(name, req.method === 'PATCH' ? 'metadata_write' : 'metadata_read')) return;
  const tags = await readStoredTags(routes.storage(), name);
  const key = kind === '_tags' ? `${name}:${item}` : `${name}@${item}`;
  const change = req.method === 'PATCH' ? JSON.parse((await readRequestText(req)) || '{}') as Record<string, unknown> : undefined;
  if (kind === '_tags') {
    const tag = tags.find((t) => t.name === item);
    if (!tag) return routes.send(res, 404, NOT_FOUND('TAG_UNKNOWN', 'the specified tag does not exist'));
    const attributes = change ? routes.store.patch(key, change) : routes.store.get(key);
    return routes.send(res, 200, { registry: routes.service(), imageName: name, tag: { ...tag, signed: false, changeableAttributes: attributes } });
  }
  const entry = await routes.manifestEntry(name, item, tags);
  if (!entry) return routes.send(res, 404, NOT_FOUND('MANIFEST_UNKNOWN', 'manifest unknown'));
  const attributes = change ? routes.store.patch(key, change) : routes.store.get(key);
  return routes.send(res, 200, { registry: routes.service(), imageName: name, manifest: { ...entry, changeableAttributes: attributes } });
}

/**
 * Whether ACR would refuse this /v2 request for a lock: a manifest PUT to a tag whose write is disabled, or
 * a manifest DELETE when the manifest, one of its tags or the repository is locked against it.
 */
export async function lockRefuses(store: AttributeStore, storage: string, method: string, path: string): Promise<boolean> {
  const match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path);
  if (!match) return false;
  const [, name, reference] = match;
  if (method === 'PUT') return !reference.includes(':') && store.refusesWrite(name, reference);
  if (method !== 'DELETE') return false;
  const tags = (await readStoredTags(storage, name)).filter((t) => t.digest === reference).map((t) => `${name}:${t.name}`);
  return store.refusesDelete(name, `${name}@${reference}`, ...tags);
}
