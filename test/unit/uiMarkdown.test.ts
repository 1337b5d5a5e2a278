import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { escapeMarkdown, markdownTable } from '../../src/ui/markdown';
import { tooltipMarkdown } from '../../src/ui/tree/tooltips';
import type { ManifestNode } from '../../src/ui/tree/nodes';
import { detailsTooltip } from '../../src/ui/tree/rowText';
import type { ManifestDetails } from '../../src/ui/tree/tagDetails';

// VS Code renders hovers with `marked` (GitHub-flavoured); the same renderer is the oracle here.
async function render(markdown: string): Promise<string> {
  const { marked } = await import('marked');
  return marked.parse(markdown, { gfm: true, async: false });
}

const HOSTILE = [
  '[click](https://evil.example/steal)',
  '![pixel](https://evil.example/p.png)',
  '<img src=x onerror=alert(1)>',
  'https://evil.example/bare',
  'www.evil.example',
  'mail@evil.example',
  '`code` **bold** _em_ | pipe',
  'line one\n\n# Heading\n[a]: https://evil.example',
  '<https://evil.example/angle>',
];

test('escaped values render as their own text: no link, image, HTML, heading or table break', async () => {
  for (const value of HOSTILE) {
    const html = await render(`**${escapeMarkdown('title')}** ${escapeMarkdown(value)}`);
    assert.doesNotMatch(html, /<a\b|<img\b|<h1\b|<code\b|<em\b|<table\b/, `${JSON.stringify(value)} rendered as ${html}`);
    const text = html.replace(/<\/?(p|strong)>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    assert.ok(text.includes(value.replace(/\n/g, '\uFFFD')), `${JSON.stringify(value)} did not survive as text: ${html}`);
  }
});

test('control and direction characters cannot restructure the hover; long values are cut', () => {
  assert.equal(escapeMarkdown('a\nb\u202ec'), 'a\uFFFDb\uFFFDc');
  assert.ok(escapeMarkdown('x'.repeat(5000)).length < 400);
});

test('a tag tooltip with a hostile tag name, digest, times and artifact type renders without links or images', async () => {
  const tag = { name: 'v1', digest: '[x](https://evil.example)', createdOn: '![i](https://evil.example/i.png)' };
  const details: ManifestDetails = {
    digest: '[d](https://evil.example/d)', mediaType: 'application/x<img src=x>',
    kind: { kind: 'artifact', label: '[sig](command:registryExplorer.removeRegistry)', artifactType: '[sig](command:registryExplorer.removeRegistry)' },
    platformSizes: [{ platform: '![p](https://evil.example/p.png)', digest: 'sha256:1', size: 10 }],
  };
  for (const shown of [undefined, details]) {
    const html = await render(detailsTooltip('team/app:v1', tag, shown, ['[y](https://evil.example/y)'], { now: 0, locale: 'en' }, 'not loaded'));
    assert.doesNotMatch(html, /<a\b|<img\b/, html);
    assert.match(html, /<table>/, 'the table itself still renders');
    assert.ok(html.includes('[x](https://evil.example)') || html.includes('[d](https://evil.example/d)'), html);
  }
});

test('a manifest tooltip shows hostile annotations and media types as text', async () => {
  const node: ManifestNode = {
    kind: 'manifest', key: 'k', registry: { url: 'https://registry.example' }, repository: 'team/app', label: 'linux/amd64',
    descriptor: {
      mediaType: 'application/vnd.oci.image.manifest.v1+json<img src=x>', digest: 'sha256:' + 'a'.repeat(64), size: 10,
      artifactType: '[sig](command:registryExplorer.removeRegistry)',
      annotations: { 'org.opencontainers.image.title': '![t](https://evil.example/t.png) | cell', 'x[y](z)': 'v' },
    },
  };
  const source = tooltipMarkdown(node) ?? '';
  const html = await render(source);
  assert.doesNotMatch(html, /<a\b|<img\b/, html);
  assert.ok(html.includes('command:registryExplorer.removeRegistry'), 'the text is shown, not dropped');
  // Each row keeps its two cells: a pipe in a value does not open a third one.
  for (const row of html.match(/<tr>[\s\S]*?<\/tr>/g) ?? []) assert.equal(row.match(/<td|<th/g)?.length, 2, row);
});

test('markdownTable leaves out empty rows', () => {
  assert.doesNotMatch(markdownTable('t', [['Digest', undefined], ['Size', '']]), /Digest|Size/);
});
