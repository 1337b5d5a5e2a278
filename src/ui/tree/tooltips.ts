import type { Descriptor } from '../../registry/types';
import { markdownParagraphs, markdownTable } from '../markdown';
import { displayName } from '../registryLocation';
import type { TreeNode } from './nodes';

/** Annotations shown in a hover; a registry may send any number. */
const MAX_ANNOTATIONS = 12;

/**
 * Markdown source of a row's hover. Every value comes from a registry or a settings file, so each
 * is escaped: the hover can only show text, never a link, an image or HTML.
 */
export function tooltipMarkdown(node: TreeNode): string | undefined {
  switch (node.kind) {
    case 'registry':
      return markdownParagraphs(displayName(node.registry), [node.registry.url, `Sign-in: ${node.registry.auth ?? 'anonymous'}`]);
    case 'manifest':
      return markdownTable(node.label, [
        ['Digest', node.descriptor.digest], ['Media type', node.descriptor.mediaType], ['Size', `${node.descriptor.size} bytes`],
        ['Artifact type', node.descriptor.artifactType], ...annotationRows(node.descriptor),
      ]);
    case 'blob':
      return markdownTable(node.role === 'config' ? 'config' : `layer ${node.index + 1}`, [
        ['Digest', node.descriptor.digest], ['Media type', node.descriptor.mediaType], ['Size', `${node.descriptor.size} bytes`],
        ...annotationRows(node.descriptor),
      ]);
    default:
      return undefined;
  }
}

function annotationRows(descriptor: Descriptor): Array<[string, string]> {
  const annotations = descriptor.annotations;
  if (!annotations || typeof annotations !== 'object') return [];
  return Object.entries(annotations)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .slice(0, MAX_ANNOTATIONS);
}
