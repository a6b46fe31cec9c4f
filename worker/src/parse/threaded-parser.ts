import { Worker } from 'node:worker_threads';
import { type DocumentFormat, type DocumentParser, type ParsedDocument, UnrecoverableJobError } from '@tutorgraph/core';
import type { ParseReply, ParseRequest } from './parse-thread.js';

/** Limits of parsing off the event loop (from `config.upload`). */
export interface ThreadedParserOptions {
  /** A file still parsing after this fails with "took too long to parse"; its thread is stopped. */
  timeoutMs: number;
  /** Heap of each parser thread (V8 old generation); a file needing more fails as too large. */
  maxMemoryMb: number;
  /** Bytes the compressed streams of a PDF may inflate to. */
  maxInflatedBytes: number;
  /** Parser threads kept (files parse one at a time per thread). @defaultValue 1 */
  threads?: number;
}

/** A parser that runs in worker threads; `close()` stops them. */
export interface ThreadedParser { parse: DocumentParser; close(): Promise<void> }

interface Pending { resolve(parsed: ParsedDocument): void; reject(error: unknown): void; timer: NodeJS.Timeout }
interface Slot { worker: Worker; pending: Map<number, Pending>; isBusy: boolean; ready: Promise<void> }

/**
 * Starts a parser thread: the built `parse-thread.mjs` beside the bundle, or, running from TypeScript source (tests,
 * `tsx`), a bootstrap that registers tsx in the thread and imports `parse-thread.ts` (Node 20 threads ignore `--import`).
 */
function startThread(maxMemoryMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxMemoryMb };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./parse-thread.mjs', import.meta.url), { resourceLimits });
  const entry = new URL('./parse-thread.ts', import.meta.url).href;
  // Source runs only (tests, `tsx`): tsx is a devDependency there. The bundle never takes this branch, so the
  // loader's name is data here, not an import the production image would have to satisfy.
  const loader = 'tsx/esm/api';
  const bootstrap = `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

/**
 * Parses uploads in worker threads, so a slow or hostile file never blocks the process's event loop (HTTP in the
 * embedded setup, lease and lock renewal in a worker). Each parse has a time budget: past it the thread is
 * terminated and the job fails for good with "The file took too long to parse"; a file that exhausts the thread's
 * heap fails as too large. A fresh thread replaces a stopped one.
 *
 * @example
 * const parser = createThreadedParser({ timeoutMs: 120_000, maxMemoryMb: 1024, maxInflatedBytes: 256 << 20 });
 * const parsed = await parser.parse(bytes, 'markdown', { maxPages: 500 });
 */
export function createThreadedParser(options: ThreadedParserOptions): ThreadedParser {
  const size = Math.max(1, options.threads ?? 1);
  const slots: Slot[] = [];
  const waiting: (() => void)[] = [];
  let nextId = 1;

  const spawn = (): Slot => {
    const worker = startThread(options.maxMemoryMb);
    worker.unref();
    let markReady: () => void = () => undefined;
    let failReady: (error: unknown) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => { markReady = resolve; failReady = reject; });
    ready.catch(() => undefined);
    const slot: Slot = { worker, pending: new Map(), isBusy: false, ready };
    const failAll = (error: unknown) => {
      failReady(error);
      for (const [id, p] of slot.pending) { clearTimeout(p.timer); slot.pending.delete(id); p.reject(error); }
      const index = slots.indexOf(slot);
      if (index >= 0) slots.splice(index, 1);
      waiting.shift()?.();
    };
    worker.on('message', (reply: ParseReply) => {
      if ('isReady' in reply) { markReady(); return; }
      const p = slot.pending.get(reply.id);
      if (!p) return;
      clearTimeout(p.timer);
      slot.pending.delete(reply.id);
      slot.isBusy = false;
      waiting.shift()?.();
      if (reply.isOk) p.resolve(reply.parsed);
      else p.reject(reply.isUnrecoverable ? new UnrecoverableJobError(reply.message, reply.reason) : new Error(reply.message));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      failAll(error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new UnrecoverableJobError(`The file needs more than ${options.maxMemoryMb} MB of memory to parse; it may be malformed or a decompression bomb.`, 'TOO_LARGE', { cause: error })
        : new Error('The parser thread crashed', { cause: error }));
    });
    worker.on('exit', (code) => failAll(new Error(`The parser thread stopped (exit code ${code})`)));
    slots.push(slot);
    return slot;
  };

  const acquire = async (): Promise<Slot> => {
    for (;;) {
      const idle = slots.find((s) => !s.isBusy) ?? (slots.length < size ? spawn() : undefined);
      if (idle) { idle.isBusy = true; return idle; }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };

  const parse: DocumentParser = async (bytes: Uint8Array, format: DocumentFormat, limits: { maxPages: number }) => {
    const slot = await acquire();
    try {
      await slot.ready;
    } catch (error) {
      slot.isBusy = false;
      throw error;
    }
    const id = nextId;
    nextId += 1;
    return new Promise<ParsedDocument>((resolve, reject) => {
      const timer = setTimeout(() => {
        slot.pending.delete(id);
        reject(new UnrecoverableJobError(
          `The file took too long to parse (more than ${Math.round(options.timeoutMs / 100) / 10} s); it may be malformed or built to be slow.`, 'PARSE_TIMEOUT',
        ));
        // Terminating the thread is the only way to stop a parse that never yields; 'exit' frees the slot.
        void slot.worker.terminate();
      }, options.timeoutMs);
      slot.pending.set(id, { resolve, reject, timer });
      const request: ParseRequest = { id, bytes: new Uint8Array(bytes), format, limits: { maxPages: limits.maxPages, maxInflatedBytes: options.maxInflatedBytes } };
      slot.worker.postMessage(request, [request.bytes.buffer as ArrayBuffer]);
    });
  };

  return {
    parse,
    close: async () => { await Promise.all(slots.splice(0).map((s) => s.worker.terminate())); },
  };
}
