import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RegistryConfig } from '../registryLocation';

/**
 * The folder a user typed where a registry URL may go: an absolute path, `~/…`, a file: URL or
 * skopeo's `oci:<path>`; undefined for anything else (a registry URL or host).
 */
export function layoutFolderTyped(text: string): string | undefined {
  const typed = text.trim();
  if (/^file:\/\//i.test(typed)) {
    try {
      return fileURLToPath(typed);
    } catch {
      return undefined;
    }
  }
  const path = /^oci:/i.test(typed) ? typed.slice(4) : typed;
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  return isAbsolute(path) ? path : undefined;
}

/** The configured registries, then the layouts found in the workspace that are not configured already. */
export function withFoundLayouts(configured: RegistryConfig[], found: RegistryConfig[]): RegistryConfig[] {
  const saved = new Set(configured.filter((r) => r.source === 'layout').map((r) => r.url));
  return [...configured, ...found.filter((r) => !saved.has(r.url))];
}
