// Fault soak: the real RegistryClient against a real docker-registry (token auth) through the fault
// proxy, with a seeded schedule of downloads, uploads and whole-image pulls, some cancelled. Every
// transfer must end verified or with a clear RegistryError within its budget, and no corrupt or
// partial file may be left anywhere. CRX_SOAK_SEED replays a run; CRX_SOAK_COUNTS="d,u,p" shrinks it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../src/registry/client';
import type { LogSink } from '../../src/registry/types';
import { SOAK_PASSWORD, SOAK_USER, seedSoakContent, startSoakEnvironment, type SoakEnvironment } from './environment';
import { FULL_SOAK, planSoak, type SoakCounts, type SoakJob } from './plan';
import { formatSummary, problemsOf, type SoakSummary } from './report';
import { runJobs, type JobOutcome, type RunnerSettings } from './runner';
import { FaultSchedule, soakSeed } from './schedule';
import { findLeftovers } from './verify';

const FAULT_RATE = 0.2;
const TOKEN_EXPIRY_RATE = 0.04;
const CONCURRENCY = 4;
const BUDGET_MS: Record<SoakJob['kind'], number> = { download: 45_000, upload: 45_000, pull: 90_000 };
const CLIENT_RETRY = { maxRetries: 4, baseDelayMs: 100, maxDelayMs: 2_000, maxTotalMs: 15_000 };
/** Short limits, so that stalls end in seconds; the defaults (30 s / 60 s) are the same code path. */
const CLIENT_TIMEOUTS = { headersMs: 1_500, idleMs: 1_500 };
/** Half the stalls last until the client gives up; the others end by themselves, some before the client's limit. */
const stallMs = (random: () => number): number => (random() < 0.5 ? Infinity : 300 + Math.floor(random() * 2_200));

function countsFromEnv(): SoakCounts {
  const given = process.env.CRX_SOAK_COUNTS;
  if (!given) return FULL_SOAK;
  const [downloads, uploads, pulls] = given.split(',').map(Number);
  if (![downloads, uploads, pulls].every((n) => Number.isSafeInteger(n) && n >= 0)) throw new Error(`CRX_SOAK_COUNTS must be "downloads,uploads,pulls", not ${JSON.stringify(given)}`);
  return { downloads, uploads, pulls };
}

let environment: SoakEnvironment | undefined;
let workDir: string | undefined;
let summary: SoakSummary;

before(async () => {
  const seed = soakSeed();
  console.log(`soak seed ${seed} (replay: CRX_SOAK_SEED=${seed})`);
  const plan = planSoak(seed, countsFromEnv());
  environment = await startSoakEnvironment(new FaultSchedule(seed, { rate: FAULT_RATE, tokenExpiryRate: TOKEN_EXPIRY_RATE, stallMs }));
  await seedSoakContent(environment, seed, plan);
  workDir = await mkdtemp(join(tmpdir(), 'crx-soak-'));
  const clientLog = { retries: 0, resumes: 0 };
  const log: LogSink = (_level, _component, message) => {
    if (/retrying in/.test(message)) clientLog.retries++;
    if (/resuming \(/.test(message)) clientLog.resumes++;
  };
  const client = new RegistryClient(
    { host: environment.proxy.host, auth: { kind: 'basic', username: SOAK_USER, password: SOAK_PASSWORD } },
    { retry: CLIENT_RETRY, timeouts: CLIENT_TIMEOUTS, log },
  );
  const settings: RunnerSettings = {
    seed, client, environment, workDir, concurrency: CONCURRENCY, budgetMs: BUDGET_MS,
    secrets: [SOAK_PASSWORD, Buffer.from(`${SOAK_USER}:${SOAK_PASSWORD}`).toString('base64')],
  };
  const started = Date.now();
  const tokenRequestsBefore = environment.tokens.requests.length;
  const outcomes = await runJobs(plan.jobs, settings);
  summary = {
    seed, outcomes, budgetMs: BUDGET_MS, elapsedMs: Date.now() - started,
    injected: environment.proxy.injected, refusedTokens: environment.proxy.refusedTokens, tokenRequests: environment.tokens.requests.length - tokenRequestsBefore,
    clientRetries: clientLog.retries, clientResumes: clientLog.resumes,
    leftovers: await findLeftovers(workDir), events: environment.proxy.events,
  };
  for (const line of formatSummary(summary)) console.log(line);
}, { timeout: 10 * 60_000 });

after(async () => {
  await environment?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function assertClass(kind: SoakJob['kind']): void {
  const mine: JobOutcome[] = summary.outcomes.filter((o) => o.job.kind === kind);
  assert.ok(mine.length > 0, `no ${kind} ran`);
  const problems = mine.flatMap((o) => o.problems.map((p) => `${p.kind}: ${p.detail}`));
  assert.deepEqual(problems, [], `every ${kind} ends verified, cancelled or with a clear RegistryError within its budget`);
  assert.ok(mine.some((o) => o.result === 'completed'), `at least one ${kind} completed`);
}

test('blob downloads: each verified, cancelled or a clear RegistryError within its budget', () => assertClass('download'));
test('uploads: each verified in the registry, cancelled or a clear RegistryError within its budget', () => assertClass('upload'));
test('whole-image pulls: each a complete verified layout, cancelled or a clear RegistryError within its budget', () => assertClass('pull'));

test('no corrupt or partial file anywhere', () => {
  assert.deepEqual(problemsOf(summary.outcomes, 'corrupt'), []);
  assert.deepEqual(summary.leftovers, []);
});

test('the schedule injected every kind of fault the soak promises', () => {
  const labels = [...summary.injected.keys()];
  const has = (pattern: RegExp): boolean => labels.some((label) => pattern.test(label));
  for (const [what, pattern] of [
    ['dropped connections', /^drop/],
    ['stalls', /^stall/],
    ['error statuses with Retry-After', /^status .*Retry-After/],
    ['error statuses without Retry-After', /^status \d+$/],
    ['short bodies', /^short body/],
    ['tokens that expire early', /^token expired early/],
  ] as const) {
    assert.ok(has(pattern), `no ${what} were injected (${labels.join(', ')})`);
  }
});
