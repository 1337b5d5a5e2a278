// Hashes a file while it is being written, on a worker thread: the downloading thread only receives
// and writes, so both cores work, and the digest is of the bytes that reached the disk. One worker
// serves every download of the process; it is unref'd, so it never keeps a process alive.
import { Worker } from 'node:worker_threads';
import type { DigestAlgorithm } from '../digest';

/** Runs in the worker: reads each job's file behind the writer, into one reused buffer. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const { createHash } = require('node:crypto');
const jobs = new Map();
const buffer = Buffer.allocUnsafeSlow(1024 * 1024);
// A 'hash' message says at least this much is written; the file may have been emptied since (a
// restart follows then), so hashing stops at its end. 'finish' needs every byte up to its length.
function hashTo(job, length, exact) {
  while (job.done < length) {
    const read = readSync(job.fd, buffer, 0, Math.min(buffer.length, length - job.done), job.done);
    if (read === 0) {
      if (!exact) return;
      throw new Error('the file ended at byte ' + job.done + ', before the ' + length + ' written to it');
    }
    job.hash.update(buffer.subarray(0, read));
    job.done += read;
  }
}
parentPort.on('message', (message) => {
  const { id, type } = message;
  try {
    if (type === 'open') jobs.set(id, { fd: openSync(message.path, 'r'), algorithm: message.algorithm, hash: createHash(message.algorithm), done: 0 });
    const job = jobs.get(id);
    if (!job) return;
    if (type === 'restart') {
      job.hash = createHash(job.algorithm);
      job.done = 0;
    } else if (type === 'close') {
      closeSync(job.fd);
      jobs.delete(id);
    } else {
      hashTo(job, message.length, type === 'finish');
      if (type === 'finish') {
        closeSync(job.fd);
        jobs.delete(id);
        parentPort.postMessage({ id, hex: job.hash.digest('hex') });
      }
    }
  } catch (error) {
    const job = jobs.get(id);
    if (job) closeSync(job.fd);
    jobs.delete(id);
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

interface Answer { id: number; hex?: string; error?: string }

/** A hashing thread left without jobs this long is stopped (it holds about 15 MiB). */
const IDLE_MS = 10_000;

/** The worker thread, its open jobs and the answers they wait for. */
class HashingThread {
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true });
  private readonly waiting = new Map<number, { resolve(hex: string): void; reject(error: Error): void }>();
  /** Jobs that failed before anyone waited for them. */
  private readonly failed = new Map<number, Error>();
  /** Jobs opened and not yet finished or closed. */
  private readonly jobs = new Set<number>();
  private idleTimer?: NodeJS.Timeout;
  /** Set once the thread is gone: every job, now or later, fails with it. */
  stopped?: Error;

  constructor() {
    this.worker.on('message', (answer: Answer) => {
      const waiter = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if (this.waiting.size === 0) this.worker.unref();
      const error = answer.error === undefined ? undefined : new Error(`hashing the download failed: ${answer.error}`);
      if (!waiter) {
        if (error && this.jobs.has(answer.id)) this.failed.set(answer.id, error);
      } else if (error) waiter.reject(error);
      else waiter.resolve(answer.hex ?? '');
    });
    const stop = (error: Error): void => {
      this.stopped ??= error;
      clearTimeout(this.idleTimer);
      for (const waiter of this.waiting.values()) waiter.reject(this.stopped);
      this.waiting.clear();
    };
    this.worker.on('error', stop);
    this.worker.on('exit', (code) => stop(new Error(`the hashing thread stopped (exit code ${code})`)));
    // Only an awaited answer holds the process (see `answer`); adding a 'message' listener refs the worker, so this comes after.
    this.worker.unref();
  }

  open(id: number, path: string, algorithm: DigestAlgorithm): void {
    clearTimeout(this.idleTimer);
    this.jobs.add(id);
    this.worker.postMessage({ id, type: 'open', path, algorithm });
  }

  post(message: object): void {
    if (!this.stopped) this.worker.postMessage(message);
  }

  /** The answer to a job's 'finish'; the job is over either way. */
  async answer(id: number, finish: object): Promise<string> {
    try {
      const failure = this.stopped ?? this.failed.get(id);
      if (failure) throw failure;
      return await new Promise<string>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        this.worker.ref();
        this.worker.postMessage(finish);
      });
    } finally {
      this.ended(id);
    }
  }

  close(id: number): void {
    this.post({ id, type: 'close' });
    this.ended(id);
  }

  private ended(id: number): void {
    this.failed.delete(id);
    this.jobs.delete(id);
    if (this.jobs.size > 0 || this.stopped) return;
    this.idleTimer = setTimeout(() => {
      this.stopped = new Error('the hashing thread was stopped for being idle');
      void this.worker.terminate();
    }, IDLE_MS);
    this.idleTimer.unref();
  }
}

let thread: HashingThread | undefined;
let nextId = 1;

function hashingThread(): HashingThread {
  if (!thread || thread.stopped) thread = new HashingThread();
  return thread;
}

/** The digest of a file that grows by appends, hashed behind the writer. */
export class FollowingFileDigest {
  private readonly id = nextId++;
  private readonly thread = hashingThread();
  private settled = false;

  constructor(path: string, private readonly algorithm: DigestAlgorithm) {
    this.thread.open(this.id, path, algorithm);
  }

  /** The file's first `length` bytes are written: they may be hashed now. */
  writtenTo(length: number): void {
    if (!this.settled) this.thread.post({ id: this.id, type: 'hash', length });
  }

  /** The file was emptied: hashing starts again from its first byte. */
  restart(): void {
    if (!this.settled) this.thread.post({ id: this.id, type: 'restart' });
  }

  /** `algorithm:hex` of the file's first `length` bytes, once they are all hashed. */
  async finish(length: number): Promise<string> {
    this.settled = true;
    return `${this.algorithm}:${await this.thread.answer(this.id, { id: this.id, type: 'finish', length })}`;
  }

  /** Stops hashing (the download failed): the file is let go. */
  close(): void {
    if (this.settled) return;
    this.settled = true;
    this.thread.close(this.id);
  }
}
