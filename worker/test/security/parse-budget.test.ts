import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/parse/parse-document.js';
import { createThreadedParser } from '../../src/parse/threaded-parser.js';

// Issue #15 findings 3 and 4: 300 KB of `<` as Markdown blocked the demo's event loop for 119 s, and under BullMQ
// outran the job lock. Parsing now runs in a worker thread with a time budget.
const MARKDOWN = readFileSync(new URL('../../../data/courses/carpentries-instructor-training/03-memory.md', import.meta.url));
const limits = { maxPages: 500 };
const parsers: ReturnType<typeof createThreadedParser>[] = [];
const parserWith = (timeoutMs: number) => {
  const parser = createThreadedParser({ timeoutMs, maxMemoryMb: 256, maxInflatedBytes: 64 * 1024 * 1024 });
  parsers.push(parser);
  return parser;
};
afterAll(async () => { await Promise.all(parsers.map((p) => p.close())); });

describe('parsing off the event loop, within a time budget', () => {
  it('when a file is parsed in the thread, then the result equals parsing it in place', async () => {
    const parser = parserWith(60_000);
    const [threaded, inPlace] = await Promise.all([parser.parse(MARKDOWN, 'markdown', limits), parseDocument(MARKDOWN, 'markdown', limits)]);
    expect(threaded).toEqual(inPlace);
    expect(threaded.blocks.length).toBeGreaterThan(5);
  });

  it('when a large pathological file is parsing, then the caller\'s event loop keeps turning', async () => {
    const parser = parserWith(60_000);
    await parser.parse(MARKDOWN, 'markdown', limits); // the thread is up
    const pathological = new TextEncoder().encode(`${'<'.repeat(512 * 1024)}${'[*_`'.repeat(128 * 1024)}`);
    let turns = 0;
    let isDone = false;
    const spin = (): void => { if (!isDone) { turns += 1; setImmediate(spin); } };
    spin();
    const before = turns;
    await parser.parse(pathological, 'markdown', limits);
    isDone = true;
    // In place, a synchronous parse would let no turn happen until it returned.
    expect(turns - before).toBeGreaterThan(10);
  });

  it('when a file takes longer than the budget, then it fails for good with "took too long to parse" and the next file parses', async () => {
    const parser = parserWith(1);
    const big = new TextEncoder().encode('A paragraph of plain course text that goes on. '.repeat(100_000));
    const error = await parser.parse(big, 'markdown', limits).then(() => undefined, (e: unknown) => e as { name?: string; reason?: string; message?: string });
    expect(error).toMatchObject({ name: 'UnrecoverableJobError', reason: 'PARSE_TIMEOUT', message: expect.stringContaining('took too long to parse') });
    const generous = parserWith(60_000);
    expect((await generous.parse(MARKDOWN, 'markdown', limits)).blocks.length).toBeGreaterThan(5);
  });

  it('when a parse fails on bad input, then the thread reports the same unrecoverable error as in place', async () => {
    const parser = parserWith(60_000);
    const error = await parser.parse(new Uint8Array([0xff, 0xfe, 0xfd]), 'markdown', limits).then(() => undefined, (e: unknown) => e as { name?: string; reason?: string });
    expect(error).toMatchObject({ name: 'UnrecoverableJobError', reason: 'CORRUPT' });
  });
});
