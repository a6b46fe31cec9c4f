import type { Kysely } from 'kysely';
import { replaceDocumentChunks } from '../../../src/domain/ingestion/chunks.repository.js';
import type { Database } from '../../../src/db/schema.js';
import type { Chunk } from '../../../src/domain/ingestion/types.js';
import type { EmbeddingsProvider } from '../../../src/providers/embeddings/embeddings.port.js';

/** Filler vocabulary for synthetic chunks: distinct from the words the tests ask about. */
const FILLER = ('lorem ipsum dolor amet consectetur adipiscing elit sed eiusmod tempor incididunt labore dolore magna aliqua enim minim veniam '
  + 'quis nostrud exercitation ullamco laboris nisi aliquip commodo consequat duis aute irure reprehenderit voluptate velit esse cillum '
  + 'fugiat nulla pariatur excepteur sint occaecat cupidatat proident sunt culpa officia deserunt mollit anim').split(' ');

/** Deterministic pseudo-random filler sentence number `n`. */
export function fillerText(n: number, words = 40): string {
  let state = (n * 2_654_435_761) >>> 0;
  const out: string[] = [];
  for (let i = 0; i < words; i += 1) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    out.push(FILLER[state % FILLER.length] as string);
  }
  return `${out.join(' ')}.`;
}

/** Creates a tenant with a unique slug. */
export async function createTenant(db: Kysely<Database>, name: string): Promise<string> {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Math.random().toString(36).slice(2, 8)}`;
  return (await db.insertInto('tenants').values({ name, slug }).returning('id').executeTakeFirstOrThrow()).id;
}

/** Creates a course in a tenant. */
export async function createCourse(db: Kysely<Database>, tenantId: string, title: string): Promise<string> {
  return (await db.insertInto('courses').values({ tenant_id: tenantId, title }).returning('id').executeTakeFirstOrThrow()).id;
}

/** Creates a user. */
export async function createUser(db: Kysely<Database>, email: string): Promise<string> {
  return (await db.insertInto('users').values({ email }).returning('id').executeTakeFirstOrThrow()).id;
}

/**
 * Adds one document made of the given chunk texts (one chunk each) to a course, embedded with the
 * provider and written with the product's replaceDocumentChunks. Returns the chunk ids in order.
 */
export async function addDocument(
  db: Kysely<Database>,
  embeddings: EmbeddingsProvider,
  scope: { tenantId: string; courseId: string },
  title: string,
  texts: string[],
  heading: string[] = [],
): Promise<{ documentId: string; chunkIds: string[] }> {
  const doc = await db.insertInto('documents').values({
    tenant_id: scope.tenantId, course_id: scope.courseId, title, format: 'text', media_type: 'text/plain', byte_size: 0,
  }).returning('id').executeTakeFirstOrThrow();
  let offset = 0;
  const chunks: Chunk[] = texts.map((content, index) => {
    const chunk = { index, content, headingPath: heading, page: index + 1, slide: undefined, charStart: offset, charEnd: offset + content.length };
    offset += content.length + 2;
    return chunk;
  });
  const vectors = await embeddings.embed(texts, 'document');
  await replaceDocumentChunks(db, {
    tenantId: scope.tenantId, courseId: scope.courseId, documentId: doc.id, documentTitle: title, chunks, embeddings: vectors,
    model: embeddings.model, dimensions: embeddings.dimensions,
  });
  const rows = await db.selectFrom('chunks').select(['id', 'chunk_index']).where('document_id', '=', doc.id).orderBy('chunk_index').execute();
  return { documentId: doc.id, chunkIds: rows.map((r) => r.id) };
}
