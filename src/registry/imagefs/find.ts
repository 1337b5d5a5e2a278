// Find in Image: paths by glob, and text inside files (binary files and very large ones skipped).
import { AbortedError } from '../errors';
import type { FileNode, ImageFiles } from './api';

export interface FindQuery {
  /** `**` any folders, `*` and `?` within a name, `[abc]`, `{a,b}`; without a '/' it matches a name in any folder. A glob globProblem refuses throws. */
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

/** Why a glob cannot be read: a '[' never closed, braces that do not pair up, or a class that is empty or not a class (such as [z-a]). */
export type GlobProblem = 'unclosedBracket' | 'unbalancedBraces' | 'badClass';

/** What is wrong with a glob, or undefined when it can be read. */
export function globProblem(glob: string): GlobProblem | undefined {
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) return 'unclosedBracket';
      const body = glob.slice(i + 1, end);
      if (body.replace(/^!/, '') === '' || !isCharacterClass(body)) return 'badClass';
      i = end;
    } else if (c === '{') braces++;
    else if (c === '}' && --braces < 0) return 'unbalancedBraces';
  }
  return braces === 0 ? undefined : 'unbalancedBraces';
}

function isCharacterClass(body: string): boolean {
  try {
    return RegExp(`[${classBody(body)}]`) instanceof RegExp;
  } catch {
    return false;
  }
}

function classBody(body: string): string {
  return body.replace(/^!/, '^').replace(/\\/g, '\\\\');
}

/** The regular expression for a glob; throws for a glob that globProblem refuses. */
export function globToRegExp(glob: string): RegExp {
  const problem = globProblem(glob);
  if (problem) throw new Error(`invalid glob "${glob}": ${GLOB_PROBLEMS[problem]}`);
  const pattern = glob.replace(/^\/+/, '');
  let source = '';
  let braces = 0;
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
      source += `[${classBody(pattern.slice(i + 1, end))}]`;
      i = end;
    } else if (c === '{') {
      braces++;
      source += '(?:';
    } else if (c === '}') {
      braces--;
      source += ')';
    } else if (c === ',' && braces > 0) source += '|';
    else source += escapeRegExp(c);
  }
  const anywhere = !pattern.includes('/');
  return new RegExp(`${anywhere ? '(?:^|/)' : '^'}${source}$`, 's');
}

const GLOB_PROBLEMS: Record<GlobProblem, string> = {
  unclosedBracket: 'a "[" is not closed by "]"',
  unbalancedBraces: 'its opening and closing braces do not pair up',
  badClass: 'a [...] class is empty or not a valid class',
};

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
