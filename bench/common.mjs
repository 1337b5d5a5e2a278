// Helpers shared by the bench/ scripts: options, child processes with a time limit, a random
// (incompressible) blob on disk, best-of-N timing and the closing table.
/* global process, console, setTimeout, clearTimeout */
import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';

export function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}
export function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${command} timed out after 300 s`)); }, 300_000);
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} failed: ${stderr}`));
    });
  });
}

export async function makeBlob(path, mib) {
  const hash = createHash('sha256');
  const file = await open(path, 'w');
  for (let i = 0; i < mib; i++) {
    const chunk = randomBytes(1024 * 1024); // incompressible, like a gzip layer
    hash.update(chunk);
    await file.write(chunk);
  }
  await file.close();
  return { digest: `sha256:${hash.digest('hex')}`, size: mib * 1024 * 1024 };
}

export async function best(label, runs, body) {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await body(i);
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - started) / 1e9);
  }
  return { label, seconds: fastest };
}

/** Prints MB/s per contender and how the client's time compares (the first row is the client). */
export function report(title, bytes, results) {
  const client = results[0].seconds;
  console.log(`\n${title}`);
  for (const r of results) {
    console.log(`${r.label.padEnd(36)} ${(bytes / 1e6 / r.seconds).toFixed(0).padStart(6)} MB/s  ${r.seconds.toFixed(2)} s  client time / this = ${(client / r.seconds).toFixed(2)}`);
  }
}
