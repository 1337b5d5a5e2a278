// Image references as Docker and the OCI distribution spec write them:
//   [host[:port]/]path[:tag][@algorithm:hex]
// with Docker Hub implied when there is no host, and `library/` for single-component Hub names.
import { isIPv6 } from 'node:net';
import type { Reference } from './types';
import { parseDigest, isValidDigest } from './digest';
import { ReferenceSyntaxError, RegistryError } from './errors';

export const DOCKER_HUB_REGISTRY = 'registry-1.docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** Longest input looked at; anything longer cannot be a valid reference (name ≤ 255, tag ≤ 128, digest ≤ 135). */
const MAX_REFERENCE_LENGTH = 1024;
const MAX_NAME_LENGTH = 255;

// Every pattern below is anchored and made of disjoint character classes, so matching is linear.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DOMAIN_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const IPV6_IN_BRACKETS = /^\[[0-9A-Fa-f:.]+\]$/;
const PORT = /^[0-9]{1,5}$/;

/** Shortens and de-controls user input before it is quoted in a message. */
function quote(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return JSON.stringify(clean.length > 60 ? `${clean.slice(0, 60)}…` : clean);
}

export function isDigest(text: string): boolean {
  return typeof text === 'string' && isValidDigest(text);
}

export function validateTag(tag: string): void {
  if (typeof tag !== 'string' || tag === '') throw new ReferenceSyntaxError('invalid tag "": a tag cannot be empty');
  if (tag.length > 128) throw new ReferenceSyntaxError(`invalid tag ${quote(tag)}: at most 128 characters (got ${tag.length})`);
  if (!TAG.test(tag)) {
    const reason = /^[.-]/.test(tag)
      ? 'it must start with a letter, digit or underscore'
      : 'only letters, digits, "_", "." and "-" are allowed';
    throw new ReferenceSyntaxError(`invalid tag ${quote(tag)}: ${reason}`);
  }
}

export function validateRepositoryName(name: string): void {
  if (typeof name !== 'string' || name === '') throw new ReferenceSyntaxError('invalid repository name "": it cannot be empty');
  if (name.length > MAX_NAME_LENGTH) {
    throw new ReferenceSyntaxError(`invalid repository name ${quote(name)}: at most ${MAX_NAME_LENGTH} characters (got ${name.length})`);
  }
  for (const component of name.split('/')) {
    if (component === '') throw new ReferenceSyntaxError(`invalid repository name ${quote(name)}: empty path component (leading, trailing or double "/")`);
    if (PATH_COMPONENT.test(component)) continue;
    let reason = 'components are lower-case letters and digits, separated by ".", "_", "__" or "-"';
    if (/[A-Z]/.test(component)) reason = 'repository names must be lower-case';
    else if (component === '.' || component === '..') reason = '"." and ".." are not allowed';
    else if (/^[._-]|[._-]$/.test(component)) reason = `component ${quote(component)} must start and end with a letter or digit`;
    throw new ReferenceSyntaxError(`invalid repository name ${quote(name)}: ${reason}`);
  }
}

/** validateTag without the error: for names a registry sends, which are dropped when invalid. */
export function isValidTag(tag: unknown): boolean {
  return typeof tag === 'string' && TAG.test(tag);
}

export function isValidRepositoryName(name: unknown): boolean {
  return typeof name === 'string' && name !== '' && name.length <= MAX_NAME_LENGTH && name.split('/').every((c) => PATH_COMPONENT.test(c));
}

/** Checks `host[:port]` (DNS name, IPv4, or bracketed IPv6). */
export function validateRegistryHost(host: string): void {
  if (typeof host !== 'string' || host === '') throw new ReferenceSyntaxError('invalid registry host "": it cannot be empty');
  if (host.length > 255) throw new ReferenceSyntaxError(`invalid registry host ${quote(host)}: too long`);
  let name = host;
  let port: string | undefined;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) throw new ReferenceSyntaxError(`invalid registry host ${quote(host)}: missing "]" after an IPv6 address`);
    name = host.slice(0, close + 1);
    const rest = host.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) throw new ReferenceSyntaxError(`invalid registry host ${quote(host)}: unexpected text after "]"`);
      port = rest.slice(1);
    }
    if (!IPV6_IN_BRACKETS.test(name) || !isIPv6(name.slice(1, -1))) throw new ReferenceSyntaxError(`invalid registry host ${quote(host)}: not an IPv6 address in brackets`);
  } else {
    const colon = host.indexOf(':');
    if (colon >= 0) {
      name = host.slice(0, colon);
      port = host.slice(colon + 1);
    }
    if (!DOMAIN_NAME.test(name)) {
      throw new ReferenceSyntaxError(`invalid registry host ${quote(host)}: host names use letters, digits, "-" and "." only`);
    }
  }
  if (port !== undefined && (!PORT.test(port) || Number(port) < 1 || Number(port) > 65535)) {
    throw new ReferenceSyntaxError(`invalid registry host ${quote(host)}: port must be a number from 1 to 65535`);
  }
}

/** Lower-cases a host and maps Docker Hub's aliases to the API host. */
export function normalizeRegistryHost(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) ? DOCKER_HUB_REGISTRY : lower;
}

export function isDockerHub(host: string): boolean {
  return DOCKER_HUB_ALIASES.has(host.toLowerCase());
}

/** Docker's rule: the first component is a host if it has a "." or ":", is "localhost", or has upper case. */
function looksLikeHost(component: string): boolean {
  return /[.:[]/.test(component) || component === 'localhost' || component !== component.toLowerCase();
}

/**
 * Parses `registry/repo:tag`, `repo@sha256:…`, `repo:tag@digest` (digest wins for fetching), with an
 * implicit registry (`defaults.registry`, else Docker Hub). Throws ReferenceSyntaxError naming the bad part.
 */
export function parseReference(text: string, defaults: { registry?: string } = {}): Reference {
  if (typeof text !== 'string') throw new ReferenceSyntaxError('invalid reference: not a string');
  const input = text.trim();
  if (input === '') throw new ReferenceSyntaxError('invalid reference "": it cannot be empty');
  if (input.length > MAX_REFERENCE_LENGTH) {
    throw new ReferenceSyntaxError(`invalid reference: ${input.length} characters is longer than any valid reference`);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    throw new ReferenceSyntaxError(`invalid reference ${quote(input)}: remove the URL scheme (write host/repository:tag)`);
  }

  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    try {
      parseDigest(digest);
    } catch (error) {
      throw new ReferenceSyntaxError((error as Error).message);
    }
  }

  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash >= 0 && looksLikeHost(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    rest = rest.slice(slash + 1);
    validateRegistryHost(registry);
  }

  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    validateTag(tag);
  }

  let repository = rest;
  let host: string;
  if (registry !== undefined) {
    host = normalizeRegistryHost(registry);
  } else if (defaults.registry) {
    validateRegistryHost(defaults.registry);
    host = normalizeRegistryHost(defaults.registry);
  } else {
    host = DOCKER_HUB_REGISTRY;
  }
  if (host === DOCKER_HUB_REGISTRY && repository !== '' && !repository.includes('/')) repository = `library/${repository}`;
  validateRepositoryName(repository);
  return { registry: host, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

export function formatReference(ref: Reference): string {
  let text = `${ref.registry}/${ref.repository}`;
  if (ref.tag !== undefined) text += `:${ref.tag}`;
  if (ref.digest !== undefined) text += `@${ref.digest}`;
  return text;
}

/** What to ask the registry for: the digest when present, else the tag, else `latest`. */
export function referenceTarget(ref: Reference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

export function isLoopbackHost(host: string): boolean {
  const lower = host.toLowerCase();
  let name = lower;
  if (lower.startsWith('[')) name = lower.slice(0, lower.indexOf(']') + 1);
  else if (lower.includes(':')) name = lower.slice(0, lower.indexOf(':'));
  return name === 'localhost' || name === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/**
 * The one rule for a registry's base URL (no trailing slash): an explicit scheme is kept (plain
 * HTTP only where allowed), otherwise `https://host`; plain HTTP is allowed for loopback hosts and
 * for registries marked `insecure`, and then used when no scheme was given.
 */
export function registryBaseUrl(location: { host: string; insecure?: boolean; scheme?: 'https' | 'http' }): string {
  validateRegistryHost(location.host);
  const host = normalizeRegistryHost(location.host);
  const httpAllowed = location.insecure === true || isLoopbackHost(host);
  if (location.scheme === 'https') return `https://${host}`;
  if (location.scheme === 'http' && !httpAllowed) throw new RegistryError(`refusing plain HTTP to ${host}: mark the registry as insecure to allow it`);
  return `${httpAllowed ? 'http' : 'https'}://${host}`;
}

/**
 * Accepts what users type for a registry: `host[:port]` or `http(s)://host[:port][/]`.
 * Returns the host and whether plain HTTP was explicitly asked for.
 */
export function parseRegistryLocation(text: string): { host: string; insecure: boolean } {
  const input = typeof text === 'string' ? text.trim() : '';
  const match = /^(https?):\/\/([^/?#]*)\/?$/i.exec(input);
  const host = match ? match[2] : input.replace(/\/+$/, '');
  if (!match && /[/?#]/.test(host)) throw new ReferenceSyntaxError(`invalid registry ${quote(input)}: expected host[:port] or https://host[:port]`);
  validateRegistryHost(host);
  return { host: normalizeRegistryHost(host), insecure: match !== null && match[1].toLowerCase() === 'http' };
}
