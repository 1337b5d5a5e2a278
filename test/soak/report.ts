// The soak's closing summary: faults injected by kind, outcomes per transfer class, and everything
// that counts as a soak failure (over budget, unclear errors, corrupt or partial files).
import type { SoakJob } from './plan';
import type { JobOutcome, SoakProblemKind } from './runner';

export interface SoakSummary {
  seed: number;
  outcomes: JobOutcome[];
  injected: Map<string, number>;
  refusedTokens: number;
  tokenRequests: number;
  clientRetries: number;
  clientResumes: number;
  leftovers: string[];
  /** Faults the proxy injected, with the request each hit. */
  events: { method: string; path: string; label: string }[];
  budgetMs: Record<SoakJob['kind'], number>;
  elapsedMs: number;
}

const CLASSES: { kind: SoakJob['kind']; title: string }[] = [
  { kind: 'download', title: 'blob downloads' },
  { kind: 'upload', title: 'uploads' },
  { kind: 'pull', title: 'image pulls' },
];

export function problemsOf(outcomes: JobOutcome[], kind: SoakProblemKind): string[] {
  return outcomes.flatMap((o) => o.problems.filter((p) => p.kind === kind).map((p) => p.detail));
}

function countBy(outcomes: JobOutcome[], result: JobOutcome['result']): number {
  return outcomes.filter((o) => o.result === result).length;
}

function faultsMet(job: SoakJob, events: SoakSummary['events']): string[] {
  const mine = job.kind === 'download' ? (path: string) => path.includes(job.blob.digest) : (path: string) => path.startsWith(`/v2/${job.kind === 'upload' ? job.repository : job.image.repository}/`);
  return events.filter((e) => mine(e.path)).map((e) => `${e.label} on ${e.method} ${e.path.replace(/sha256:([0-9a-f]{8})[0-9a-f]{56}/, 'sha256:$1…')}`);
}

/** Error messages without digests, ids and numbers, so that one kind of failure is listed once. */
function errorShape(message: string): string {
  return message.replace(/sha256:[0-9a-f]{64}/g, '<digest>').replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/g, '<id>').replace(/\d+/g, 'N');
}

export function formatSummary(summary: SoakSummary): string[] {
  const { outcomes } = summary;
  const lines: string[] = [];
  const faults = [...summary.injected.entries()].sort(([a], [b]) => a.localeCompare(b));
  const totalFaults = faults.reduce((sum, [, n]) => sum + n, 0);
  lines.push(`soak seed ${summary.seed} (replay: CRX_SOAK_SEED=${summary.seed}), ${(summary.elapsedMs / 1000).toFixed(1)} s`);
  lines.push(`faults injected: ${totalFaults}`);
  for (const [label, n] of faults) lines.push(`  ${label}: ${n}`);
  lines.push(`requests with an early-expired token refused: ${summary.refusedTokens}; token requests: ${summary.tokenRequests}`);
  lines.push(`client: ${summary.clientRetries} retries, ${summary.clientResumes} resumed downloads`);
  lines.push(
    `transfers: ${outcomes.length}; completed (verified) ${countBy(outcomes, 'completed')}, failed with a clear error ${countBy(outcomes, 'failed')}, ` +
      `cancelled ${countBy(outcomes, 'cancelled')}`,
  );
  for (const { kind, title } of CLASSES) {
    const mine = outcomes.filter((o) => o.job.kind === kind);
    const longest = Math.max(0, ...mine.map((o) => o.durationMs));
    lines.push(
      `  ${title}: ${mine.length}; completed ${countBy(mine, 'completed')}, failed ${countBy(mine, 'failed')}, cancelled ${countBy(mine, 'cancelled')}; ` +
        `longest ${(longest / 1000).toFixed(1)} s of a ${summary.budgetMs[kind] / 1000} s budget`,
    );
  }
  const corrupt = problemsOf(outcomes, 'corrupt');
  lines.push(`corrupt or partial files found: ${corrupt.length + summary.leftovers.length} (corrupt ${corrupt.length}, partial ${summary.leftovers.length})`);
  lines.push(`over budget or hung: ${problemsOf(outcomes, 'over budget').length}`);
  lines.push(`failures without a clear RegistryError: ${problemsOf(outcomes, 'unclear error').length}`);
  const shapes = new Map<string, string>();
  for (const o of outcomes) {
    if (!o.error || o.result === 'cancelled' || shapes.has(errorShape(o.error))) continue;
    shapes.set(errorShape(o.error), `${o.job.id}: ${o.error.slice(0, 300)}\n      faults met: ${faultsMet(o.job, summary.events).join('; ') || 'none'}`);
  }
  if (shapes.size) lines.push('kinds of failure seen (one example each):');
  for (const example of [...shapes.values()].slice(0, 15)) lines.push(`  ${example}`);
  for (const kind of ['corrupt', 'over budget', 'unclear error'] as const) for (const detail of problemsOf(outcomes, kind)) lines.push(`${kind.toUpperCase()}: ${detail}`);
  for (const path of summary.leftovers) lines.push(`PARTIAL: ${path}`);
  return lines;
}
