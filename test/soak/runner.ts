// Runs the soak's transfers a few at a time, each under a deadline (its budget) and some cancelled
// at a planned moment, and sorts each outcome: completed and verified, failed with a clear
// RegistryError, cancelled, or a soak failure (over budget, unclear error, corrupt file).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AbortedError, RegistryError } from '../../src/registry/errors';
import type { RegistryClient } from '../../src/registry/client';
import { pullImage } from '../../src/registry/transfers/image';
import { blobOf } from '../harness/fixtures';
import type { ProgressEvent } from '../../src/registry/types';
import type { DownloadJob, PullJob, SoakJob, UploadJob } from './plan';
import { seededBytes } from './schedule';
import { checkLayout, fileDigest } from './verify';
import type { SoakEnvironment } from './environment';

export type SoakProblemKind = 'corrupt' | 'over budget' | 'unclear error';

export interface JobOutcome {
  job: SoakJob;
  result: 'completed' | 'failed' | 'cancelled' | 'hung';
  durationMs: number;
  error?: string;
  problems: { kind: SoakProblemKind; detail: string }[];
}

export interface RunnerSettings {
  seed: number;
  client: RegistryClient;
  environment: SoakEnvironment;
  workDir: string;
  concurrency: number;
  budgetMs: Record<SoakJob['kind'], number>;
  /** Strings no error message may contain. */
  secrets: string[];
}

/** What a job's verification needs after the transfer. */
type Verify = (completed: boolean) => Promise<string[]>;
type Progress = (event: ProgressEvent) => void;

async function startDownload(job: DownloadJob, settings: RunnerSettings, signal: AbortSignal, onProgress: Progress): Promise<{ work: Promise<unknown>; verify: Verify }> {
  const target = join(settings.workDir, 'downloads', `${job.id}.bin`);
  const work = settings.client.downloadBlob(job.repository, job.blob, target, { signal, onProgress });
  return {
    work,
    verify: async (completed) => {
      const actual = await fileDigest(target);
      if (!actual) return completed ? [`${target} is missing after a successful download`] : [];
      if (actual.digest !== job.blob.digest || actual.size !== job.blob.size) {
        return [`${target} holds ${actual.digest} (${actual.size} bytes), expected ${job.blob.digest} (${job.blob.size} bytes)${completed ? '' : ' after a failed download'}`];
      }
      return [];
    },
  };
}

async function startUpload(job: UploadJob, settings: RunnerSettings, signal: AbortSignal, onProgress: Progress): Promise<{ work: Promise<unknown>; verify: Verify }> {
  const bytes = seededBytes(settings.seed, job.label, job.size);
  const expected = blobOf('application/octet-stream', bytes).digest;
  let source: Buffer | { filePath: string } = bytes;
  if (job.fromFile) {
    const filePath = join(settings.workDir, 'sources', `${job.id}.bin`);
    await writeFile(filePath, bytes);
    source = { filePath };
  }
  const work = settings.client.uploadBlob(job.repository, source, { signal, onProgress, ...job.chunked }).then((descriptor) => {
    if (descriptor.digest !== expected || descriptor.size !== job.size) {
      throw new Error(`upload reported ${descriptor.digest} (${descriptor.size} bytes), expected ${expected} (${job.size} bytes)`);
    }
  });
  return {
    work,
    verify: async (completed) => {
      const stored = await settings.environment.readBlob(job.repository, expected);
      if (stored.status === 404 && !completed) return [];
      if (stored.status !== 200) return [`the registry answers ${stored.status} for ${job.repository}@${expected}${completed ? ' after a successful upload' : ''}`];
      if (stored.digest !== expected || stored.size !== job.size) return [`the registry holds ${stored.digest} (${stored.size} bytes) for ${job.repository}@${expected}`];
      return [];
    },
  };
}

async function startPull(job: PullJob, settings: RunnerSettings, signal: AbortSignal, onProgress: Progress): Promise<{ work: Promise<unknown>; verify: Verify }> {
  const layoutDir = join(settings.workDir, 'layouts', job.id);
  const work = pullImage(settings.client, job.image.repository, job.image.tag, layoutDir, { signal, onProgress, platform: job.platform, all: job.all });
  return { work, verify: (completed) => checkLayout(layoutDir, completed ? { root: job.expectedRoot, content: job.expectedContent } : undefined) };
}

function startJob(job: SoakJob, settings: RunnerSettings, signal: AbortSignal, onProgress: Progress): Promise<{ work: Promise<unknown>; verify: Verify }> {
  if (job.kind === 'download') return startDownload(job, settings, signal, onProgress);
  if (job.kind === 'upload') return startUpload(job, settings, signal, onProgress);
  return startPull(job, settings, signal, onProgress);
}

type Settled = { ok: true } | { ok: false; error: unknown };
const settle = (work: Promise<unknown>): Promise<Settled> => work.then(() => ({ ok: true }) as const, (error: unknown) => ({ ok: false, error }) as const);
const after = <T>(ms: number, value: T): { promise: Promise<T>; cancel(): void } => {
  let timer: NodeJS.Timeout | undefined;
  return { promise: new Promise<T>((resolve) => (timer = setTimeout(() => resolve(value), ms))), cancel: () => clearTimeout(timer) };
};

/** How long a transfer gets to wind down once its budget is gone and it has been aborted. */
const WIND_DOWN_MS = 10_000;

export async function runJob(job: SoakJob, settings: RunnerSettings): Promise<JobOutcome> {
  const controller = new AbortController();
  let abortedBy: 'cancel' | 'budget' | undefined;
  const cancel = (): void => {
    abortedBy ??= 'cancel';
    controller.abort();
  };
  const plan = job.cancel;
  const onProgress: Progress = (event) => {
    if (plan && 'atFraction' in plan && event.total && event.transferred >= plan.atFraction * event.total) cancel();
  };
  const { work, verify } = await startJob(job, settings, controller.signal, onProgress);
  const started = Date.now();
  const cancelTimer = plan && 'afterMs' in plan ? setTimeout(cancel, plan.afterMs) : undefined;
  const settling = settle(work);
  const budgetMs = settings.budgetMs[job.kind];
  const budget = after(budgetMs, 'over budget' as const);
  let settled: Settled | 'over budget' | 'hung' = await Promise.race([settling, budget.promise]);
  budget.cancel();
  clearTimeout(cancelTimer);
  const outcome: JobOutcome = { job, result: 'failed', durationMs: Date.now() - started, problems: [] };
  if (settled === 'over budget') {
    outcome.problems.push({ kind: 'over budget', detail: `${job.id} still running after its budget of ${budgetMs} ms` });
    abortedBy ??= 'budget';
    controller.abort();
    const windDown = after(WIND_DOWN_MS, 'hung' as const);
    settled = await Promise.race([settling, windDown.promise]);
    windDown.cancel();
  }
  if (settled === 'hung') {
    outcome.result = 'hung';
    outcome.problems.push({ kind: 'over budget', detail: `${job.id} did not end within ${WIND_DOWN_MS} ms of being aborted` });
    return outcome;
  }
  outcome.result = settled.ok ? 'completed' : classifyError(outcome, settled.error, abortedBy, settings.secrets);
  for (const detail of await verify(outcome.result === 'completed')) outcome.problems.push({ kind: 'corrupt', detail });
  return outcome;
}

const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\./;

function classifyError(outcome: JobOutcome, error: unknown, abortedBy: 'cancel' | 'budget' | undefined, secrets: string[]): JobOutcome['result'] {
  const message = error instanceof Error ? error.message : String(error);
  outcome.error = `${error instanceof Error ? error.constructor.name : typeof error}: ${message}`;
  const id = outcome.job.id;
  if (!(error instanceof RegistryError) || message.trim() === '') {
    outcome.problems.push({ kind: 'unclear error', detail: `${id} failed with something other than a RegistryError with a message: ${outcome.error}` });
    return 'failed';
  }
  if (secrets.some((secret) => message.includes(secret)) || JWT.test(message)) {
    outcome.problems.push({ kind: 'unclear error', detail: `${id}: the error message contains a secret` });
  }
  if (error instanceof AbortedError) {
    if (abortedBy === 'cancel') return 'cancelled';
    if (abortedBy === undefined) outcome.problems.push({ kind: 'unclear error', detail: `${id} reported a cancellation nobody asked for: ${message}` });
  }
  return 'failed';
}

/** Runs every job, `concurrency` at a time, in the plan's order. */
export async function runJobs(jobs: SoakJob[], settings: RunnerSettings, onOutcome?: (outcome: JobOutcome) => void): Promise<JobOutcome[]> {
  for (const dir of ['downloads', 'sources', 'layouts']) await mkdir(join(settings.workDir, dir), { recursive: true });
  const outcomes: JobOutcome[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const outcome = await runJob(jobs[next++], settings);
      outcomes.push(outcome);
      onOutcome?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  return outcomes;
}
