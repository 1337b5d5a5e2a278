// Timing, peak memory and the closing table for `npm run bench`. Every contender runs as a whole
// process under GNU time (%M: peak resident set of the process and the children it waited for);
// runs are interleaved (each round runs every contender once), and medians are reported.
/* global process, console, setTimeout, clearTimeout */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Runs `command args` to completion; resolves its wall time in seconds and peak RSS in MiB. */
export async function measure(command, args, env = process.env) {
  const dir = await mkdtemp(join(tmpdir(), 'crx-bench-time-'));
  const report = join(dir, 'time');
  try {
    const started = process.hrtime.bigint();
    await new Promise((resolve, reject) => {
      const child = spawn('/usr/bin/time', ['-f', '%M', '-o', report, command, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
      let stderr = '';
      const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${command} timed out after 600 s`)); }, 600_000);
      child.stderr.on('data', (c) => { stderr += c; });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`${command} ${args.join(' ')} failed (${code}): ${stderr.slice(-2000)}`));
      });
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const kib = Number((await readFile(report, 'utf8')).trim().split('\n').at(-1));
    return { seconds, rssMiB: kib / 1024 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs every contender of a series `rounds` times, interleaved. A contender is
 * `{ label, prepare?(round) → state, run(state) → [command, args], after?(state) }`; only `run` is timed.
 */
export async function series(title, bytes, contenders, rounds) {
  const samples = contenders.map(() => ({ seconds: [], rss: [] }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, contender] of contenders.entries()) {
      const state = await contender.prepare?.(round);
      try {
        const [command, args, env] = await contender.run(state, round);
        const { seconds, rssMiB } = await measure(command, args, env);
        samples[i].seconds.push(seconds);
        samples[i].rss.push(rssMiB);
      } finally {
        await contender.after?.(state);
      }
    }
    process.stderr.write('.');
  }
  const rows = contenders.map((contender, i) => ({
    label: contender.label,
    seconds: median(samples[i].seconds),
    rssMiB: Math.max(...samples[i].rss),
    rate: bytes ? bytes / 1e6 / median(samples[i].seconds) : undefined,
  }));
  process.stderr.write(` ${title}\n`);
  return { title, bytes, rows };
}

/** Markdown table cells cannot hold a bare `|`. */
export const cell = (text) => text.replace(/\|/g, '\\|');

/** The issue's table: crx's figure (first row), each peer's, the time ratio crx ÷ peer, peak RSS. */
export function table(results, rounds) {
  const lines = [
    `| what | crx | peers | crx time ÷ peer time | peak RSS crx / peers (MiB) |`,
    '|---|---|---|---|---|',
  ];
  const figure = (row) => (row.rate !== undefined ? `${row.rate.toFixed(0)} MB/s` : `${row.seconds.toFixed(2)} s`);
  for (const { title, rows } of results) {
    const [crx, ...peers] = rows;
    lines.push(`| ${title} | ${figure(crx)} | ${peers.map((p) => `${cell(p.label)} ${figure(p)}`).join('; ')} | ${peers.map((p) => (crx.seconds / p.seconds).toFixed(2)).join('; ')} | ${[crx, ...peers].map((r) => r.rssMiB.toFixed(0)).join(' / ')} |`);
  }
  lines.push('', `Medians of ${rounds} interleaved runs; peak RSS is the largest of the runs.`);
  return lines.join('\n');
}
