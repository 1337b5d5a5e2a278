import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { ImageManifest } from '../../src/registry/types';
import { summarizeImage } from '../../src/ui/summary/imageSummary';
import { plainValue, summaryText } from '../../src/ui/summary/summaryText';

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const layer = (n: number, size: number) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: digest(n), size });
const manifestOf = (layers: ReturnType<typeof layer>[], configSize = 500): ImageManifest => ({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digest(9), size: configSize },
  layers,
});
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));
const subject = { host: 'registry.example:5000', repository: 'team/web', reference: ':1.0', digest: digest(7) };

const FULL_CONFIG = {
  created: '2024-05-01T10:00:00Z',
  os: 'linux', architecture: 'arm64', variant: 'v8', 'os.version': '6.1',
  config: {
    Entrypoint: ['/docker-entrypoint.sh'], Cmd: ['nginx', '-g', 'daemon off;'],
    Env: ['PATH=/usr/bin', 'NGINX_VERSION=1.25.3'], ExposedPorts: { '80/tcp': {}, '443/tcp': {} },
    Volumes: { '/var/cache/nginx': {} }, Labels: { maintainer: 'web team', 'org.opencontainers.image.version': '1.0' },
    User: 'nginx', WorkingDir: '/usr/share/nginx', StopSignal: 'SIGQUIT',
  },
  history: [
    { created_by: '/bin/sh -c #(nop) ADD file:abc in /' },
    { created_by: '/bin/sh -c #(nop)  ENV NGINX_VERSION=1.25.3', empty_layer: true },
    { created_by: 'RUN /bin/sh -c apt-get install nginx # buildkit', comment: 'buildkit.dockerfile.v0' },
    { created_by: 'EXPOSE map[80/tcp:{}]', empty_layer: true },
    { created_by: 'CMD ["nginx" "-g" "daemon off;"]', empty_layer: true },
  ],
};

test('a full config: platform, run settings, and history steps matched to the layers they made', () => {
  const summary = summarizeImage(manifestOf([layer(1, 29_000_000), layer(2, 41_500)]), bytes(FULL_CONFIG));
  assert.equal(summary.os, 'linux');
  assert.equal(summary.variant, 'v8');
  assert.equal(summary.osVersion, '6.1');
  assert.deepEqual(summary.command, ['nginx', '-g', 'daemon off;']);
  assert.deepEqual(summary.exposedPorts, ['443/tcp', '80/tcp']);
  assert.deepEqual(summary.labels, [['maintainer', 'web team'], ['org.opencontainers.image.version', '1.0']]);
  assert.equal(summary.compressedSize, 29_000_000 + 41_500 + 500);
  assert.equal(summary.historyAligned, true);
  assert.deepEqual(summary.history.map((step) => step.layer?.index), [0, undefined, 1, undefined, undefined]);
  assert.deepEqual(summary.history.map((step) => step.emptyLayer), [false, true, false, true, true]);
  assert.deepEqual(summary.notes, []);

  const text = summaryText(subject, summary);
  assert.equal(text.split('\n')[0], 'Image registry.example:5000/team/web:1.0', 'the reference reads as one, the way it is pulled');
  assert.match(text, /^Platform: +linux\/arm64\/v8 \(os\.version 6\.1\)$/m);
  assert.match(text, /^Compressed size: +29\.0 MB \(2 layers, config 500 B\)$/m);
  assert.match(text, /^Entrypoint: +\["\/docker-entrypoint\.sh"\]$/m);
  assert.match(text, /^ {2}NGINX_VERSION=1\.25\.3$/m);
  assert.match(text, /^ {2}maintainer = web team$/m);
  assert.match(text, /^Working directory: +\/usr\/share\/nginx$/m);
  assert.match(text, /^ {2}1 +1 +29\.0 MB +sha256:111111111111 +\/bin\/sh -c #\(nop\) ADD file:abc in \/$/m);
  assert.match(text, /^ {2}2 +empty +- +- +\/bin\/sh -c #\(nop\) {2}ENV NGINX_VERSION=1\.25\.3$/m);
  assert.match(text, /^ {2}3 +2 +41\.5 KB +sha256:222222222222 +RUN /m);
  assert.doesNotMatch(text, /^Layers \(/m, 'aligned history needs no separate layer list');
});

for (const [name, history] of [
  ['longer', [{ created_by: 'a' }, { created_by: 'b' }, { created_by: 'c' }]],
  ['shorter', [{ created_by: 'a' }]],
] as const) {
  test(`a history ${name} than the layers is reported as misaligned, with every layer still listed`, () => {
    const summary = summarizeImage(manifestOf([layer(1, 100), layer(2, 200)]), bytes({ os: 'linux', architecture: 'amd64', history }));
    assert.equal(summary.historyAligned, false);
    assert.ok(summary.history.every((step) => step.layer === undefined));
    assert.match(summary.notes.join('\n'), /does not line up with the layers: \d steps? makes? a layer, the manifest has 2 layers/);
    const text = summaryText(subject, summary);
    assert.match(text, /^ {2}1 +\? +\? +\? +a$/m);
    assert.match(text, /^Layers \(2\)$/m);
    assert.match(text, /^ {2}2 +200 B +sha256:222222222222 +application\/vnd\.oci\.image\.layer\.v1\.tar\+gzip$/m);
  });
}

test('missing fields leave gaps, not errors: empty config, no history, odd types', () => {
  for (const config of [{}, { config: null, history: 'x', os: 5 }, { config: { Env: 'PATH=/x', ExposedPorts: ['80'], Labels: { a: 1 }, Cmd: [1, 'ok'] } }]) {
    const summary = summarizeImage(manifestOf([layer(1, 10)]), bytes(config));
    assert.equal(summary.os, undefined);
    assert.deepEqual(summary.env, []);
    assert.deepEqual(summary.labels, []);
    assert.equal(summary.historyAligned, false);
    const text = summaryText(subject, summary);
    assert.match(text, /^Build history: none in the config$/m);
    assert.match(text, /^Environment \(0\)\n {2}none$/m);
    assert.doesNotMatch(text, /^Platform:/m);
  }
  const text = summaryText(subject, summarizeImage({ schemaVersion: 2, config: { mediaType: '', digest: '', size: -1 } } as unknown as ImageManifest, Buffer.from('not json')));
  assert.match(text, /^Compressed size: +0 B \(0 layers, config 0 B\)$/m);
  assert.match(text, /The config is not JSON\./);
  assert.match(summaryText(subject, summarizeImage(manifestOf([]), bytes([1, 2]))), /The config is not a JSON object\./);
  const artifact = { ...manifestOf([layer(1, 10)]), config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: digest(4), size: 2 } };
  assert.match(summaryText(subject, summarizeImage(artifact, bytes({}))), /media type is application\/vnd\.oci\.empty\.v1\+json: this is an artifact/);
});

test('hostile strings stay on their line and show as text', () => {
  const hostile = {
    os: 'linux\nPlatform: windows',
    config: {
      Env: ['A=1\nB=forged', 'RTL=\u202Egnp.exe'], Labels: { 'x\r\ny': '<img src=x onerror=alert(1)>', '\u0007bell': '[link](javascript:alert(1))' },
      Cmd: ['sh', '-c', 'echo "hi"\n\u001b[31mred'], User: 'root\u2028admin',
    },
    history: [{ created_by: 'RUN a\tb\nc', empty_layer: true }, { created_by: 'x'.repeat(5000) }],
  };
  const text = summaryText({ ...subject, repository: 'team/\u202Eweb' }, summarizeImage(manifestOf([layer(1, 1)]), bytes(hostile)));
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  assert.equal(text.match(/^Platform:/gm)?.length, 1);
  assert.match(text, /^ {2}A=1 B=forged$/m);
  assert.doesNotMatch(text, /^B=forged/m);
  assert.match(text, /^ {2}RTL=\uFFFDgnp\.exe$/m);
  assert.match(text, /^ {2}x y = <img src=x onerror=alert\(1\)>$/m, 'shown as text, in a document that renders nothing');
  assert.match(text, /^Command: +\["sh","-c","echo \\"hi\\" \uFFFD\[31mred"\]$/m);
  assert.match(text, /^User: +root\uFFFDadmin$/m);
  assert.match(text, /^ {2}1 +empty +- +- +RUN a b c$/m);
  assert.match(text, /^ {2}2 +1 +1 B +sha256:111111111111 +x{1000}…$/m);
  assert.equal(plainValue('a\r\nb'), 'a b');
});
