import type { TreeNode } from '../tree/nodes';

type NodeOf<K extends TreeNode['kind']> = Extract<TreeNode, { kind: K }>;

/**
 * The first argument of a command as a tree node of one of `kinds`, else undefined. Commands are
 * reached from the palette and keybindings (no argument), the view's title bar (the selected node,
 * of any kind), menus (the node, then the selection) and `command:` links (anything at all).
 */
export function nodeArgument<K extends TreeNode['kind']>(argument: unknown, ...kinds: K[]): NodeOf<K> | undefined {
  if (typeof argument !== 'object' || argument === null) return undefined;
  const node = argument as Partial<TreeNode> & Record<string, unknown>;
  if (typeof node.kind !== 'string' || !(kinds as string[]).includes(node.kind) || typeof node.key !== 'string') return undefined;
  if ('registry' in node && !hasUrl(node.registry)) return undefined;
  if (node.kind === 'tag' && typeof (node.tag as { name?: unknown } | undefined)?.name !== 'string') return undefined;
  if ((node.kind === 'manifest' || node.kind === 'blob') && typeof (node.descriptor as { digest?: unknown } | undefined)?.digest !== 'string') return undefined;
  if (node.kind !== 'registry' && node.kind !== 'loadMore' && node.kind !== 'message' && typeof node.repository !== 'string') return undefined;
  return node as unknown as NodeOf<K>;
}

function hasUrl(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { url?: unknown }).url === 'string';
}

/**
 * The rows a command acts on. From a menu of a multi-selection VS Code hands the clicked row and
 * every selected row; the selection counts only when it holds the clicked row (a right-click outside
 * the selection acts on that row alone). Rows of other kinds in the selection are left out.
 */
export function nodeArguments<K extends TreeNode['kind']>(clicked: unknown, selected: unknown, ...kinds: K[]): Array<NodeOf<K>> {
  const first = nodeArgument(clicked, ...kinds);
  const clickedKey = (clicked as { key?: unknown } | null | undefined)?.key;
  if (!Array.isArray(selected) || typeof clickedKey !== 'string' || !selected.some((s) => (s as { key?: unknown } | null)?.key === clickedKey)) {
    return first ? [first] : [];
  }
  const rows = selected.map((s) => nodeArgument(s, ...kinds)).filter((n): n is NodeOf<K> => n !== undefined);
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.key) && seen.add(row.key));
}
