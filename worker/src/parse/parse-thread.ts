// Entry of a parser thread (see threaded-parser.ts): parses one file per message, off the caller's event loop.
import { parentPort } from 'node:worker_threads';
import type { DocumentFormat } from '@tutorgraph/core';
import { parseDocument, type ParseLimits } from './parse-document.js';

/** A request from the pool: one stored file to parse. */
export interface ParseRequest { id: number; bytes: Uint8Array; format: DocumentFormat; limits: ParseLimits }

/** The answer: the parsed document, or the error as plain data (class instances do not cross threads). */
export type ParseReply =
  | { id: 0; isReady: true }
  | { id: number; isOk: true; parsed: Awaited<ReturnType<typeof parseDocument>> }
  | { id: number; isOk: false; message: string; reason?: string | undefined; isUnrecoverable: boolean };

// Loaded: the pool starts a file's time budget only from here, so a slow thread start never counts against a file.
parentPort?.postMessage({ id: 0, isReady: true } satisfies ParseReply);

parentPort?.on('message', (request: ParseRequest) => {
  parseDocument(request.bytes, request.format, request.limits).then(
    (parsed) => parentPort?.postMessage({ id: request.id, isOk: true, parsed } satisfies ParseReply),
    (error: unknown) => {
      const { message, name, reason } = error as { message?: string; name?: string; reason?: string };
      parentPort?.postMessage({
        id: request.id, isOk: false, message: message ?? String(error), reason, isUnrecoverable: name === 'UnrecoverableJobError',
      } satisfies ParseReply);
    },
  );
});
