import * as l10n from '@vscode/l10n';
import type { Descriptor } from '../../registry/types';
import { markdownParagraphs, markdownTable } from '../markdown';
import { displayName } from '../registryLocation';
import type { TreeNode } from './nodes';
import { untaggedRows } from './acrText';

/** Annotations shown in a hover; a registry may send any number. */
const MAX_ANNOTATIONS = 12;

/**
 * Markdown source of a row's hover. Every value comes from a registry or a settings file, so each
 * is escaped: the hover can only show text, never a link, an image or HTML.
 */
export function tooltipMarkdown(node: TreeNode): string | undefined {
  switch (node.kind) {
    case 'registry':
      return markdownParagraphs(displayName(node.registry), [node.registry.url, l10n.t('Sign-in: {0}', node.registry.auth ?? 'anonymous')]);
    case 'manifest':
      if (node.info) {
        return markdownTable(l10n.t('Untagged manifest'), [[l10n.t('Digest'), node.descriptor.digest], [l10n.t('Media type'), node.descriptor.mediaType], ...untaggedRows(node.info)]);
      }
      return markdownTable(node.label, [
        [l10n.t('Digest'), node.descriptor.digest], [l10n.t('Media type'), node.descriptor.mediaType], [l10n.t('Size'), l10n.t('{0} bytes', node.descriptor.size)],
        [l10n.t('Artifact type'), node.descriptor.artifactType], ...annotationRows(node.descriptor),
      ]);
    case 'blob':
      return markdownTable(node.role === 'config' ? l10n.t('config') : l10n.t('layer {0}', node.index + 1), [
        [l10n.t('Digest'), node.descriptor.digest], [l10n.t('Media type'), node.descriptor.mediaType], [l10n.t('Size'), l10n.t('{0} bytes', node.descriptor.size)],
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
