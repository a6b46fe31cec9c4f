import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../../src/domain/ingestion/chunk-document.js';
import { splitSentences } from '../../../src/domain/qa/text-analysis.js';
import { sentencesOf } from '../../../src/domain/quiz/text.js';

const TEXT = 'B. F. Skinner studied rats. Dr. Pavlov studied dogs, e.g. in 1904. Then "Watson" followed!';
const EXPECTED = ['B. F. Skinner studied rats.', 'Dr. Pavlov studied dogs, e.g. in 1904.', 'Then "Watson" followed!'];

describe('the one sentence splitter', () => {
  it('when Q&A splits prose with initials and short forms, then each sentence stays whole', () => {
    expect(splitSentences(TEXT).map((s) => s.text)).toEqual(EXPECTED);
  });

  it('when the quiz generator splits the same prose, then it gets the same sentences', () => {
    expect(sentencesOf(TEXT)).toEqual(EXPECTED);
  });

  it('when the chunker cuts the same prose into one-sentence chunks, then it cuts at the same places', () => {
    const chunks = chunkDocument({ format: 'text', title: undefined, blocks: [{ kind: 'paragraph', text: TEXT }] }, { size: 40, overlap: 0 });
    expect(chunks.map((c) => c.content.trim())).toEqual(EXPECTED);
  });

  it('when line breaks end sentences only on request, then Q&A keeps a wrapped line and the quiz splits it', () => {
    expect(splitSentences('A list:\n- one\n- two').map((s) => s.text)).toEqual(['A list:\n- one\n- two']);
    expect(sentencesOf('A list:\n- one\n- two')).toEqual(['A list:', '- one', '- two']);
  });
});
