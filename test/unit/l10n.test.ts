// Localisation stays complete: package.json's contributed text comes from package.nls.json, and the
// UI code shows no literal text that bypasses l10n.t (see l10nScan.ts for what counts as shown).
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { scanSource, type Finding } from './l10nScan';

const ROOT = join(__dirname, '..', '..', '..');
const manifestText = readFileSync(join(ROOT, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText) as { contributes: unknown };
const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, unknown>;

/** Keys under `contributes` whose string values VS Code shows to the user. */
const TEXT_KEYS = new Set([
  'title', 'shortTitle', 'category', 'name', 'contextualTitle', 'contents', 'label',
  'description', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions',
  'deprecationMessage', 'markdownDeprecationMessage', 'enumItemLabels',
]);
const PLACEHOLDER = /^%([A-Za-z0-9_.-]+)%$/;

/** Every shown string in `contributes` with its JSON path. */
function contributedTexts(value: unknown, path: string[] = [], out: Array<{ path: string; text: string }> = []): Array<{ path: string; text: string }> {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (typeof item === 'string' && TEXT_KEYS.has(path[path.length - 1] ?? '')) out.push({ path: [...path, String(i)].join('.'), text: item });
      else contributedTexts(item, [...path, String(i)], out);
    });
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      // Setting names are keys of `properties`, never text; a setting's own fields are.
      if (typeof child === 'string' && TEXT_KEYS.has(key)) out.push({ path: [...path, key].join('.'), text: child });
      else contributedTexts(child, [...path, key], out);
    }
  }
  return out;
}

test('every text package.json contributes is a %key% with English text in package.nls.json', () => {
  const texts = contributedTexts(manifest.contributes, ['contributes']);
  assert.ok(texts.length > 50, `only ${texts.length} texts found: the walk is broken`);
  const raw = texts.filter(({ text }) => !PLACEHOLDER.test(text));
  assert.deepEqual(raw.map((t) => `${t.path}: ${t.text}`), [], 'contributed text must be a %key% placeholder');
  const missing = texts.map(({ text }) => PLACEHOLDER.exec(text)?.[1]).filter((key) => key !== undefined && typeof nls[key] !== 'string');
  assert.deepEqual(missing, [], 'placeholders without an entry in package.nls.json');
});

test('every key of package.nls.json is used by package.json', () => {
  const unused = Object.keys(nls).filter((key) => !manifestText.includes(`"%${key}%"`));
  assert.deepEqual(unused, [], 'unused package.nls.json keys');
  for (const [key, text] of Object.entries(nls)) assert.ok(typeof text === 'string' && text.trim(), `${key} has no English text`);
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

test('UI code shows no literal text except through l10n.t, and each l10n.t call is well-formed', () => {
  const files = [...sourceFiles(join(ROOT, 'src', 'ui')), join(ROOT, 'src', 'extension.ts')];
  const findings: Finding[] = files.flatMap((file) => scanSource(relative(ROOT, file), readFileSync(file, 'utf8')));
  assert.deepEqual(findings.map((f) => `${f.file}:${f.line} ${f.problem}: ${f.text}`), []);
});

test('the scan finds every kind of unlocalised text it looks for', () => {
  const source = `
    import * as vscode from 'vscode';
    const DELETE = 'Delete';
    async function f(name: string, n: number) {
      vscode.window.showErrorMessage(\`Could not open \${name}\`);
      vscode.window.showWarningMessage(vscode.l10n.t('Delete {0}?', name), { modal: true, detail: 'It goes.' }, DELETE, { title: 'Cancel' });
      vscode.window.showInformationMessage(n > 1 ? vscode.l10n.t('Many') : 'One');
      await vscode.window.showQuickPick([{ label: 'Anonymous', detail: vscode.l10n.t('Public') }], { title: vscode.l10n.t('Sign in'), placeHolder: 'How?' });
      await vscode.window.showQuickPick(['All platforms'], {});
      const kinds = [{ label: vscode.l10n.t('Token'), detail: 'A registry token' }];
      await vscode.window.showQuickPick(kinds);
      await vscode.window.showInputBox({ prompt: 'Tag', title: \`Push to \${name}\` });
      await vscode.window.withProgress({ location: 15, title: 'Pushing' }, async (p) => p.report({ message: 'uploading…' }));
      const pick = vscode.window.createQuickPick();
      pick.placeholder = 'Repository name';
      const choices = [name ? vscode.l10n.t('Mount') : undefined, 'Push anyway'].filter(Boolean);
      await vscode.window.showWarningMessage(vscode.l10n.t('Missing'), ...choices);
      vscode.l10n.t(\`Pushed \${name}\`);
      vscode.l10n.t('Pushed {0} and {1}', name);
      vscode.l10n.t('Pushed', name);
      vscode.window.showInformationMessage(vscode.l10n.t('Fine {0}', name), vscode.l10n.t('Reveal'));
      vscode.window.showInformationMessage(\`\${name}:\${n}\`);
      const row = new vscode.TreeItem('Load more…');
      row.description = n ? \`\${n} scanned\` : undefined;
      row.command = { title: 'Load more', command: 'x.loadMore' };
      const empty = { kind: 'message', key: 'k', text: 'No tags', detail: vscode.l10n.t('Fine'), actions: [] };
      const shown = new vscode.TreeItem(name);
    }`;
  const problems = scanSource('sample.ts', source).map((f) => `${f.line} ${f.problem}`);
  assert.deepEqual(problems, [
    '5 showErrorMessage text is not localised',
    '6 showWarningMessage detail is not localised',
    '6 showWarningMessage text is not localised',
    '6 showWarningMessage title is not localised',
    '7 showInformationMessage text is not localised',
    '8 showQuickPick placeHolder is not localised',
    '8 quick-pick item label is not localised',
    '9 quick-pick item is not localised',
    '10 quick-pick item detail is not localised',
    '12 showInputBox prompt is not localised',
    '12 showInputBox title is not localised',
    '13 withProgress title is not localised',
    '13 report message is not localised',
    '15 placeholder is not localised',
    '17 showWarningMessage text is not localised',
    '18 l10n.t needs a plain string literal as its message',
    '19 l10n.t message uses {1} but has 1 argument(s)',
    '20 l10n.t argument 0 has no {0} in the message',
    '23 tree item label is not localised',
    '24 description is not localised',
    '25 command title is not localised',
    '26 message row text is not localised',
  ]);
});

test('the packaged extension carries package.nls.json (else every title shows as its %key%)', () => {
  const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
  assert.ok(ignore.includes('!package.nls.json'), '.vscodeignore excludes everything but what it re-includes: add !package.nls.json');
});
