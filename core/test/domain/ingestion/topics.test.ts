import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceDocumentChunks } from '../../../src/domain/ingestion/chunks.repository.js';
import type { DatabaseHandle } from '../../../src/db/database.js';
import { assignTopics, topicKey, topicSubject } from '../../../src/domain/ingestion/topics.js';
import type { Chunk } from '../../../src/domain/ingestion/types.js';
import { createLocalHashEmbeddings } from '../../../src/providers/embeddings/local-hash.embeddings.js';
import { createTestDatabase } from '../../../../test-support/test-db.js';
import { createCourse, createTenant, createUser } from '../qa/qa-fixtures.js';

const chunk = (index: number, headingPath: string[], extra: Partial<Chunk> = {}): Chunk => ({
  index, content: `Text of chunk ${index} about ${headingPath.at(-1) ?? 'nothing'}.`, headingPath, page: undefined, slide: undefined,
  charStart: index * 100, charEnd: index * 100 + 50, ...extra,
});

describe('topics of a document', () => {
  it('when slides continue a section ("Key terms (2/6)", ": learning objectives", untitled), then they join the section before them', () => {
    const deck = [
      chunk(0, ['Psychology 2e — Chapter 8: Memory (review deck)'], { slide: 1 }),
      chunk(1, ['8.1 How Memory Functions: learning objectives'], { slide: 2 }),
      chunk(2, ['Slide 3'], { slide: 3 }),
      chunk(3, ['Key terms (1/6)'], { slide: 4 }),
      chunk(4, ['8.2 Parts of the Brain Involved with Memory: learning objectives'], { slide: 5 }),
      chunk(5, ['Key terms (2/6)'], { slide: 6 }),
    ];
    expect(assignTopics(deck, 'Memory deck')).toEqual([
      'Psychology 2e — Chapter 8: Memory (review deck)',
      '8.1 How Memory Functions', '8.1 How Memory Functions', '8.1 How Memory Functions',
      '8.2 Parts of the Brain Involved with Memory', '8.2 Parts of the Brain Involved with Memory',
    ]);
  });

  it('when a Markdown file has one title and several sections, then the sections are the topics and "Summary" joins the title', () => {
    const doc = [
      chunk(0, ['6.2 Classical Conditioning']),
      chunk(1, ['6.2 Classical Conditioning', 'Learning Objectives']),
      chunk(2, ['6.2 Classical Conditioning', 'General Processes']),
      chunk(3, ['6.2 Classical Conditioning', 'Behaviorism']),
      chunk(4, ['6.2 Classical Conditioning', 'Summary']),
    ];
    expect(assignTopics(doc, 'file.md')).toEqual([
      '6.2 Classical Conditioning', '6.2 Classical Conditioning', 'General Processes', 'Behaviorism', '6.2 Classical Conditioning',
    ]);
  });

  it('when headings differ only in numbering, case or punctuation, then they share a key; generic headings name no subject', () => {
    expect(topicKey('8.3 Problems with Memory')).toBe(topicKey('Problems With Memory'));
    expect(topicKey('Chapter 6: Learning')).toBe(topicKey('learning'));
    expect(topicKey('Amnesia')).not.toBe(topicKey('Encoding'));
    expect(topicSubject('Learning Objectives')).toBeUndefined();
    expect(topicSubject('Encoding (cont.)')).toBe('Encoding');
  });
});

describe('re-indexing keeps topics', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => { handle = await createTestDatabase(); });
  afterAll(async () => { await handle?.close(); });

  it('when a document is re-indexed, then sections that remain keep their topic ids and learners keep their mastery; a removed section goes', async () => {
    const db = handle.db;
    const tenantId = await createTenant(db, 'Topics school');
    const courseId = await createCourse(db, tenantId, 'Memory');
    const userId = await createUser(db, `topics-${Date.now()}@school.test`);
    const doc = await db.insertInto('documents').values({
      tenant_id: tenantId, course_id: courseId, title: 'Memory', format: 'markdown', media_type: 'text/markdown', byte_size: 0,
    }).returning('id').executeTakeFirstOrThrow();
    const embeddings = createLocalHashEmbeddings(64);
    const index = async (chunks: Chunk[]) => replaceDocumentChunks(db, {
      tenantId, courseId, documentId: doc.id, documentTitle: 'Memory', chunks,
      embeddings: await embeddings.embed(chunks.map((c) => c.content), 'document'), model: embeddings.model, dimensions: embeddings.dimensions,
    });
    const topics = () => db.selectFrom('topics').select(['id', 'title']).where('document_id', '=', doc.id).orderBy('position').execute();

    await index([chunk(0, ['Memory', 'Encoding']), chunk(1, ['Memory', 'Storage']), chunk(2, ['Memory', 'Retrieval'])]);
    const before = await topics();
    expect(before.map((t) => t.title)).toEqual(['Encoding', 'Storage', 'Retrieval']);
    const encoding = before[0]!.id;
    await db.insertInto('mastery').values({
      tenant_id: tenantId, course_id: courseId, user_id: userId, topic_id: encoding, p_mastery: 0.8, uncertainty: 0.1, evidence: 5,
    }).execute();

    await index([chunk(0, ['Memory', 'Encoding']), chunk(1, ['Memory', 'Retrieval']), chunk(2, ['Memory', 'Forgetting'])]);
    const after = await topics();
    expect(after.map((t) => t.title)).toEqual(['Encoding', 'Retrieval', 'Forgetting']);
    expect(after[0]!.id).toBe(encoding);
    expect(after[1]!.id).toBe(before[2]!.id);
    expect(after.map((t) => t.id)).not.toContain(before[1]!.id);
    const kept = await db.selectFrom('mastery').select('topic_id').where('user_id', '=', userId).execute();
    expect(kept.map((m) => m.topic_id)).toEqual([encoding]);
    const chunkTopics = await db.selectFrom('chunks').select(['chunk_index', 'topic_id']).where('document_id', '=', doc.id).orderBy('chunk_index').execute();
    expect(chunkTopics.map((c) => c.topic_id)).toEqual(after.map((t) => t.id));
  });
});
