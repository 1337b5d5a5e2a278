// Find in Image: paths by glob, and text inside files (binary files and very large ones skipped).
import { AbortedError } from '../errors';
import type { FileNode, ImageFiles } from './api';

export interface FindQuery {
  /** `**` any folders, `*` and `?` within a name, `[abc]`, `{a,b}`; without a '/' it matches a name in any folder. */
  glob?: string;
  /** Plain text, matched without regard to case. */
  text?: string;
  maxResults?: number;
  signal?: AbortSignal;
  /** Files above this are not searched for text. */
  maxFileBytes?: number;
}

export interface FindResult {
  node: FileNode;
  /** 1-based line of a text match. */
  line?: number;
  preview?: string;
}

export const DEFAULT_MAX_RESULTS = 1000;
export const DEFAULT_MAX_SEARCHED_FILE_BYTES = 16 * 1024 * 1024;
const PREVIEW_CHARS = 200;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function globToRegExp(glob: string): RegExp {
  const pattern = glob.replace(/^\/+/, '');
  let source = '';
  let braces = 0;
  // Unbalanced braces are plain characters.
  const withBraces = (pattern.match(/\{/g) ?? []).length === (pattern.match(/\}/g) ?? []).length;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      const slashAfter = pattern[i + 2] === '/';
      source += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) source += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = end;
      }
    } else if (c === '{' && withBraces) {
      braces++;
      source += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (c === ',' && braces > 0) source += '|';
    else source += escapeRegExp(c);
  }
  const anywhere = !pattern.includes('/');
  return new RegExp(`${anywhere ? '(?:^|/)' : '^'}${source}$`, 's');
}

function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

export async function* findFiles(files: ImageFiles, query: FindQuery): AsyncIterable<FindResult> {
  const matcher = query.glob ? globToRegExp(query.glob) : undefined;
  const needle = query.text?.toLowerCase();
  const limit = query.maxResults ?? DEFAULT_MAX_RESULTS;
  const maxFileBytes = query.maxFileBytes ?? DEFAULT_MAX_SEARCHED_FILE_BYTES;
  let found = 0;
  for (const node of files.walk()) {
    if (query.signal?.aborted) throw new AbortedError('the search was cancelled');
    if (matcher && !matcher.test(node.path)) continue;
    if (!needle) {
      yield { node };
      if (++found >= limit) return;
      continue;
    }
    if ((node.type !== 'file' && node.type !== 'hardlink') || node.warning || node.size === 0 || node.size > maxFileBytes) continue;
    const bytes = await files.readFile(node.path, { signal: query.signal, maxBytes: maxFileBytes });
    if (isBinary(bytes)) continue;
    const lines = bytes.toString('utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].toLowerCase().includes(needle)) continue;
      const line = lines[i].replace(/\r$/, '');
      yield { node, line: i + 1, preview: line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS)}…` : line };
      if (++found >= limit) return;
    }
  }
}
