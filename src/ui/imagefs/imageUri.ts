import { isDigest } from '../../registry/reference';

/** The merged root filesystem of one image manifest. */
export const IMAGE_SCHEME = 'oci-image';
/** The entries of one layer, as its tar holds them. */
export const LAYER_SCHEME = 'oci-layer';

/**
 * Where a file of an image or layer lives: `oci-image://<host>/<repository>@<digest>/<path>`. The
 * host names a configured registry; the digest pins the content, so what a URI shows never changes.
 * No credential is ever part of it.
 */
export interface ImageLocation {
  scheme: typeof IMAGE_SCHEME | typeof LAYER_SCHEME;
  host: string;
  repository: string;
  /** The manifest digest (oci-image) or the layer blob digest (oci-layer). */
  digest: string;
  /** Relative, '/'-separated, '' for the root. */
  path: string;
}

/** The parts of a URI this needs; vscode.Uri has them. */
export interface UriParts { scheme: string; authority: string; path: string }

/** Undefined when the URI is not one of ours or is malformed (a repository never holds '@'). */
export function parseImageUri(uri: UriParts): ImageLocation | undefined {
  if (uri.scheme !== IMAGE_SCHEME && uri.scheme !== LAYER_SCHEME) return undefined;
  if (!uri.authority) return undefined;
  const segments = uri.path.split('/').filter((s) => s !== '');
  const at = segments.findIndex((s) => s.includes('@'));
  if (at < 0) return undefined;
  const [last, digest] = [segments[at].slice(0, segments[at].indexOf('@')), segments[at].slice(segments[at].indexOf('@') + 1)];
  const repository = [...segments.slice(0, at), last].join('/');
  if (!last || !isDigest(digest)) return undefined;
  const rest = segments.slice(at + 1);
  if (rest.some((s) => s === '.' || s === '..')) return undefined;
  return { scheme: uri.scheme, host: uri.authority, repository, digest, path: rest.join('/') };
}

/** The URI parts of a location (`vscode.Uri.from` takes them as they are). */
export function imageUriParts(location: ImageLocation): UriParts {
  const file = location.path ? `/${location.path}` : '';
  return { scheme: location.scheme, authority: location.host, path: `/${location.repository}@${location.digest}${file}` };
}

/** The same image or layer, another path in it. */
export function withPath(location: ImageLocation, path: string): ImageLocation {
  return { ...location, path };
}

/** One key per image or layer, whatever the path. */
export function sourceKey(location: ImageLocation): string {
  return `${location.scheme}://${location.host}/${location.repository}@${location.digest}`;
}
