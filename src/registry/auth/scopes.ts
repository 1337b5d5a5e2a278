// Which token scopes a registry request will need, guessed from its method and path, so that a cached
// token can be attached before the registry asks (saves a 401 round trip per request).

/** Header a caller sets to declare extra scopes (space-separated), e.g. `repository:src:pull` for a mount. The policy removes it. */
export const AUTH_SCOPES_HEADER = 'x-crx-auth-scopes';

// Anchored at the end: a repository may itself have a `blobs` or `manifests` component
// (`team/blobs/blobs/sha256:…`), so the name is whatever precedes the route's own suffix.
const REPOSITORY_PATH = /^\/v2\/(.+)\/(?:manifests\/[^/]+|blobs\/uploads\/[^/]*|blobs\/[^/]+|tags\/list|referrers\/[^/]+)$/;
// ACR's own API asks for `metadata_read` to list and `delete` to delete (ACR data-plane spec).
const ACR_REPOSITORY_PATH = /^\/acr\/v1\/(.+?)\/(?:_tags|_manifests)(?:\/|$)/;

export function actionsForMethod(method: string): string[] {
  switch (method.toUpperCase()) {
    case 'GET':
    case 'HEAD':
      return ['pull'];
    case 'DELETE':
      return ['delete'];
    default:
      return ['pull', 'push'];
  }
}

/** `[]` when the path is not one we can map (then no token is attached up front). */
export function guessScopes(method: string, url: string): string[] {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return [];
  }
  if (path === '/v2/_catalog' || path === '/acr/v1/_catalog') return ['registry:catalog:*'];
  const acr = ACR_REPOSITORY_PATH.exec(path);
  const match = acr ?? REPOSITORY_PATH.exec(path);
  if (!match) return [];
  let name: string;
  try {
    name = decodeURIComponent(match[1]);
  } catch {
    return [];
  }
  if (acr) return [`repository:${name}:${method.toUpperCase() === 'DELETE' ? 'delete' : 'metadata_read'}`];
  return [`repository:${name}:${actionsForMethod(method).join(',')}`];
}
