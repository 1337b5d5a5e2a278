import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDigest } from '../../registry/reference';
import { layoutHost, layoutRepositoryName } from '../../registry/sources/ociLayout';

/** The merged root filesystem of one image manifest. */
export const IMAGE_SCHEME = 'oci-image';
/** The entries of one layer, as its tar holds them. */
export const LAYER_SCHEME = 'oci-layer';
/** How a local OCI layout's folder is named where a registry host would be (as skopeo names it). */
const LAYOUT_PREFIX = 'oci:';

/**
 * Where a file of an image or layer lives: `oci-image://<host>/<repository>@<digest>/<path>`, or for a
 * local OCI layout `oci-image:<folder>@<digest>/<path>` (no host; the folder names its repository).
 * The host names a configured registry; the digest pins the content, so what a URI shows never
 * changes. No credential is ever part of it.
 */
export interface ImageLocation {
  scheme: typeof IMAGE_SCHEME | typeof LAYER_SCHEME;
  /** A registry's `host[:port]`, or `oci:<folder>` for a layout. */
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
  const segments = uri.path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) return undefined;
  return uri.authority ? registryLocation(uri.scheme, uri.authority, segments) : layoutLocation(uri.scheme, segments);
}

function registryLocation(scheme: ImageLocation['scheme'], host: string, segments: string[]): ImageLocation | undefined {
  const at = segments.findIndex((s) => s.includes('@'));
  if (at < 0) return undefined;
  const [last, digest] = [segments[at].slice(0, segments[at].indexOf('@')), segments[at].slice(segments[at].indexOf('@') + 1)];
  const repository = [...segments.slice(0, at), last].join('/');
  if (!last || !isDigest(digest)) return undefined;
  return { scheme, host, repository, digest, path: segments.slice(at + 1).join('/') };
}

/** The folder is every segment up to the first that ends in `@<digest>` (a folder's name may hold '@'). */
function layoutLocation(scheme: ImageLocation['scheme'], segments: string[]): ImageLocation | undefined {
  const at = segments.findIndex((s) => s.lastIndexOf('@') > 0 && isDigest(s.slice(s.lastIndexOf('@') + 1)));
  if (at < 0) return undefined;
  const split = segments[at].lastIndexOf('@');
  const folder = folderOfUriPath(`/${[...segments.slice(0, at), segments[at].slice(0, split)].join('/')}`);
  if (folder === undefined) return undefined;
  return { scheme, host: layoutHost(folder), repository: layoutRepositoryName(folder), digest: segments[at].slice(split + 1), path: segments.slice(at + 1).join('/') };
}

/** The URI parts of a location (`vscode.Uri.from` takes them as they are). */
export function imageUriParts(location: ImageLocation): UriParts {
  const file = location.path ? `/${location.path}` : '';
  const folder = layoutFolderOfHost(location.host);
  if (folder !== undefined) return { scheme: location.scheme, authority: '', path: `${uriPathOfFolder(folder)}@${location.digest}${file}` };
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

/** The folder a layout host (`oci:<folder>`) names, or undefined for a registry host. */
export function layoutFolderOfHost(host: string): string | undefined {
  return host.startsWith(LAYOUT_PREFIX) ? host.slice(LAYOUT_PREFIX.length) : undefined;
}

/** `/tmp/x` as it is; `C:\x` as `/C:/x`: the path of the folder's file: URL, not percent-encoded. */
function uriPathOfFolder(folder: string): string {
  return decodeURIComponent(pathToFileURL(folder).pathname);
}

function folderOfUriPath(path: string): string | undefined {
  const url = new URL('file:///');
  // A literal '%' stays one: the setter encodes every other character a path cannot hold.
  url.pathname = path.replace(/%/g, '%25');
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}
