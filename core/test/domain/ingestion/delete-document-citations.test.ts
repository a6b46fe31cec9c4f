import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/database.js';
import { deleteDocumentRow } from '../../../src/domain/ingestion/documents.repository.js';
import { createLocalHashEmbeddings } from '../../../src/providers/embeddings/local-hash.embeddings.js';
import { createTestDatabase } from '../../../../test-support/test-db.js';
import { addDocument, createCourse, createTenant, fillerText } from '../qa/qa-fixtures.js';

const embeddings = createLocalHashEmbeddings(384);

describe('deleting a cited document', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => { handle = await createTestDatabase(); }, 60_000);
  afterAll(async () => handle?.close());

  it('when a document that answers cite is deleted, then the citations keep their snippets with the links cleared, and citations of other documents keep theirs', async () => {
    const { db } = handle;
    const tenantId = await createTenant(db, 'Cited');
    const courseId = await createCourse(db, tenantId, 'Course');
    const doomed = await addDocument(db, embeddings, { tenantId, courseId }, 'Doomed', [fillerText(1), fillerText(2), fillerText(3)]);
    const kept = await addDocument(db, embeddings, { tenantId, courseId }, 'Kept', [fillerText(4)]);
    const question = await db.insertInto('questions').values({ tenant_id: tenantId, course_id: courseId, text: 'q' }).returning('id').executeTakeFirstOrThrow();
    const answer = await db.insertInto('answers').values({ tenant_id: tenantId, course_id: courseId, question_id: question.id, text: 'a [1][2][3]', found: true, provider: 'test' })
      .returning('id').executeTakeFirstOrThrow();
    const cite = (marker: number, chunkId: string, documentId: string) => ({ tenant_id: tenantId, answer_id: answer.id, marker, chunk_id: chunkId, document_id: documentId, score: 0.5, snippet: `snippet ${marker}` });
    await db.insertInto('citations').values([
      cite(1, doomed.chunkIds[0]!, doomed.documentId), cite(2, doomed.chunkIds[2]!, doomed.documentId), cite(3, kept.chunkIds[0]!, kept.documentId),
    ]).execute();

    expect(await db.transaction().execute((trx) => deleteDocumentRow(trx, tenantId, doomed.documentId))).toBe(true);

    const rows = await db.selectFrom('citations').select(['marker', 'chunk_id', 'document_id', 'snippet']).where('answer_id', '=', answer.id).orderBy('marker').execute();
    expect(rows).toEqual([
      { marker: 1, chunk_id: null, document_id: null, snippet: 'snippet 1' },
      { marker: 2, chunk_id: null, document_id: null, snippet: 'snippet 2' },
      { marker: 3, chunk_id: kept.chunkIds[0], document_id: kept.documentId, snippet: 'snippet 3' },
    ]);
    expect(await db.selectFrom('chunks').select('id').where('document_id', '=', doomed.documentId).execute()).toEqual([]);
  });
});
