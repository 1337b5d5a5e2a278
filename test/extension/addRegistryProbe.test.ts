import * as assert from 'node:assert/strict';
import { closedPort } from '../harness/closedPort';
import * as vscode from 'vscode';
import type { RegistryConfig } from '../../src/ui/registryConfig';
import { withDialogs, type Step } from './dialogs';
import { basicRegistry, seededRegistryUrl, setRegistries } from './helpers';

const saved = () => vscode.workspace.getConfiguration('registryExplorer').get<RegistryConfig[]>('registries') ?? [];
const urlStep = (url: string): Step => ({ kind: 'input', expect: /^Add registry — Registry URL$/, answer: url });
const signInStep = (answer: string | undefined): Step => ({ kind: 'quickPick', expect: /^Sign-in for 127\.0\.0\.1:\d+/, answer });
const addRegistry = (steps: Step[]) => withDialogs(steps, () => vscode.commands.executeCommand('registryExplorer.addRegistry'));

suite('Add Registry tests the connection before saving', () => {
  const seeded: RegistryConfig = { name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' };
  setup(() => setRegistries([]));
  suiteTeardown(() => setRegistries([seeded]));

  test('an open registry: says what it found and puts Anonymous first', async () => {
    const url = seededRegistryUrl();
    const { dialogs } = await addRegistry([urlStep(url), signInStep('Anonymous')]);
    assert.deepEqual(dialogs.messages('info'), [`${new URL(url).host} answers: API registry/2.0; sign-in: none (anonymous access); catalog: may be listed.`]);
    assert.equal(dialogs.asked.find((a) => a.kind === 'quickPick')?.choices?.[0], 'Anonymous');
    assert.deepEqual(saved().map((r) => [r.url, r.auth]), [[url, 'anonymous']]);
  });

  test('a registry with Basic sign-in: the catalog needs it, and Username and password comes first', async () => {
    const { url } = basicRegistry();
    const { dialogs } = await addRegistry([urlStep(url), signInStep(undefined)]);
    assert.match(dialogs.messages('info')[0], /answers: API registry\/2\.0; sign-in: username and password \(Basic\); catalog: needs sign-in \(HTTP 401\)\.$/);
    assert.equal(dialogs.asked.find((a) => a.kind === 'quickPick')?.choices?.[0], 'Username and password');
    assert.deepEqual(saved(), [], 'cancelled at the sign-in: nothing saved');
  });

  test('nothing listening: the plain words and Edit URL / Save Anyway; Cancel saves nothing', async () => {
    const host = `127.0.0.1:${await closedPort()}`;
    const { dialogs } = await addRegistry([
      urlStep(`http://${host}`),
      { kind: 'question', expect: new RegExp(`^Nothing is listening on ${host} — is the registry running\\?$`), answer: undefined },
    ]);
    const question = dialogs.asked.find((a) => a.kind === 'question');
    assert.deepEqual(question?.choices, ['Edit URL', 'Save Anyway']);
    assert.match(question?.detail ?? '', /connection test of .* failed/);
    assert.deepEqual(saved(), []);
  });

  test('Edit URL asks again with the URL typed, and the corrected one is tested and saved', async () => {
    const host = `127.0.0.1:${await closedPort()}`;
    const { dialogs } = await addRegistry([
      urlStep(`http://${host}`),
      { kind: 'question', expect: /^Nothing is listening/, answer: 'Edit URL' },
      urlStep(seededRegistryUrl()),
      signInStep('Anonymous'),
    ]);
    assert.equal(dialogs.asked.filter((a) => a.kind === 'input')[1].initial, `http://${host}`);
    assert.deepEqual(saved().map((r) => r.url), [seededRegistryUrl()]);
  });

  test('Save Anyway saves the registry that did not answer, after the sign-in question', async () => {
    const host = `127.0.0.1:${await closedPort()}`;
    await addRegistry([
      urlStep(`http://${host}`),
      { kind: 'question', expect: /^Nothing is listening/, answer: 'Save Anyway' },
      signInStep('Anonymous'),
    ]);
    assert.deepEqual(saved().map((r) => [r.url, r.auth]), [[`http://${host}`, 'anonymous']]);
  });

  test('https:// to a plain-HTTP registry says to use http://', async () => {
    const host = new URL(seededRegistryUrl()).host;
    await addRegistry([urlStep(`https://${host}`), { kind: 'question', expect: new RegExp(`^This server speaks plain HTTP: use http://${host}$`), answer: undefined }]);
    assert.deepEqual(saved(), []);
  });
});
