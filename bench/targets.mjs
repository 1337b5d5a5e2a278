// The targets of issue 10, each with the ratio measured in this run.
import { cell } from './measure.mjs';

const row = (results, prefix) => results.find((r) => r.title.includes(prefix))?.rows ?? [];
const peer = (rows, label) => rows.find((r) => r.label.startsWith(label));

export function targets(results, memory, bundle) {
  const lines = ['| target | measured | met |', '|---|---|---|'];
  const add = (what, value, met) => lines.push(`| ${cell(what)} | ${value} | ${met ? 'yes' : 'no'} |`);
  const speed = (what, rows, label, at) => {
    const [crx] = rows;
    const other = peer(rows, label);
    if (!crx || !other) return;
    const ratio = other.seconds / crx.seconds;
    add(`${what}: throughput ≥ ${at}× ${other.label}`, `${ratio.toFixed(2)}×`, ratio >= at);
  };
  const download = row(results, 'blob download');
  speed('download', download, 'curl | tee', 1.2);
  speed('download', download, 'curl -o', 0.5);
  const upload = row(results, 'blob upload');
  speed('upload', upload, 'skopeo', 1.1);
  speed('upload', upload, 'curl POST', 0.9);
  speed('pull', row(results, 'pull,'), 'skopeo', 1.2);
  speed('push', row(results, 'push,'), 'skopeo', 1.2);
  const listing = row(results, 'catalog');
  if (listing.length > 1) add('listing everything within 1.1× curl n=1000', `${(listing[0].seconds / listing[1].seconds).toFixed(2)}× curl's time`, listing[0].seconds <= 1.1 * listing[1].seconds);
  for (const what of ['download', 'upload']) {
    const [small, large] = memory.filter((m) => m.what === what);
    add(`peak RSS ${what} ≤ 80 MiB, within 5 MiB from 128 MiB to 1 GiB`, `${small.rssMiB.toFixed(0)} / ${large.rssMiB.toFixed(0)} MiB`, large.rssMiB <= 80 && small.rssMiB <= 80 && Math.abs(large.rssMiB - small.rssMiB) <= 5);
  }
  add('extension.js ≤ 160 KB minified', `${(bundle.bytes / 1000).toFixed(1)} KB`, bundle.bytes <= 160_000);
  add('loading extension.js ≤ 10 ms', `${bundle.ms.toFixed(1)} ms (CPU ${bundle.cpuMs.toFixed(1)} ms)`, bundle.ms <= 10);
  return lines.join('\n');
}
