import { type Kysely, sql } from 'kysely';
import type { CourseScope, VocabularyStore } from './qa.ports.js';
import type { Database } from '../../db/schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CACHED_COURSES = 50;

/**
 * The course's words for spelling correction, from Postgres' own `ts_stat` over the chunks (the `simple`
 * configuration: lower-cased words as written, no stemming) with the number of chunks using each. Kept in
 * memory per course and rebuilt when the course's chunks change (their generation, kept by triggers).
 *
 * @example
 * const vocabulary = await createVocabularyRepository(db).courseVocabulary({ tenantId, courseId });
 */
export function createVocabularyRepository(db: Kysely<Database>): VocabularyStore {
  const cache = new Map<string, { version: string; words: ReadonlyMap<string, number> }>();
  return {
    async courseVocabulary(scope: CourseScope) {
      // ts_stat takes its query as text, so the ids are checked and inlined as literals.
      if (!UUID.test(scope.tenantId) || !UUID.test(scope.courseId)) return new Map();
      // The course's chunk generation, bumped by every write to its chunks (migration 0121): one primary-key read.
      const state = await db.selectFrom('course_chunk_stats').select(['chunks', 'generation']).where('course_id', '=', scope.courseId).executeTakeFirst();
      const version = `${state?.chunks ?? 0}@${state?.generation ?? 0}`;
      const cached = cache.get(scope.courseId);
      if (cached?.version === version) return cached.words;
      const inner = `select to_tsvector('simple', content) from chunks where tenant_id = '${scope.tenantId}' and course_id = '${scope.courseId}'`;
      const rows = await sql<{ word: string; ndoc: number }>`select word, ndoc from ts_stat(${inner}) where length(word) >= 3 and word ~ '^[[:alpha:]]+$'`.execute(db);
      const words = new Map(rows.rows.map((r) => [r.word, Number(r.ndoc)]));
      if (cache.size >= MAX_CACHED_COURSES) cache.delete(cache.keys().next().value as string);
      cache.set(scope.courseId, { version, words });
      return words;
    },
  };
}
