import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.js';
import { MIGRATIONS_DIR, migrate } from '../../src/db/migrator.js';
import { embeddingIndexName } from '../../src/domain/ingestion/chunks.repository.js';
import { createCourse, createTenant } from '../domain/qa/qa-fixtures.js';
import { type PostgresServer, startPostgresServer } from '../../../test-support/postgres-server.js';

const MODEL = 'upgrade-model-8';

/**
 * Migration 0140 on an installation that already has vectors: the per-model HNSW index held every vector; after
 * the upgrade it holds only those of courses past the exact-scan size (5,000), which are marked as searched through
 * it, and the index's predicate names `in_hnsw` so the query side's `and in_hnsw` can use it.
 */
for (const backend of ['pglite', 'postgres'] as const) {
  describe(`migration 0140 on an existing installation (${backend})`, () => {
    let handle: DatabaseHandle | undefined;
    let pg: PostgresServer | undefined;
    const before = mkdtempSync(join(tmpdir(), 'tg-mig-0140-'));
    afterAll(async () => { await handle?.close(); await pg?.stop(); rmSync(before, { recursive: true, force: true }); });

    it('when it runs over a big and a small course, then only the big course is in the rebuilt index and marked', async () => {
      for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => f < '0140')) cpSync(join(MIGRATIONS_DIR, file), join(before, file));
      if (backend === 'postgres') pg = await startPostgresServer();
      handle = pg ? await openDatabase({ databaseUrl: pg.url, poolSize: 2 }) : await openDatabase({ pgliteDataDir: 'memory://' });
      const { db } = handle;
      await migrate(db, before);
      // The index as ensureEmbeddingIndex made it before 0140: every vector of the model.
      await sql.raw(`CREATE INDEX ${embeddingIndexName(MODEL)} ON chunk_embeddings USING hnsw ((embedding::vector(8)) vector_cosine_ops) WHERE model = '${MODEL}'`).execute(db);
      await db.insertInto('embedding_models').values({ model: MODEL, dims: 8, index_name: embeddingIndexName(MODEL) }).execute();
      const tenantId = await createTenant(db, 'Upgrade');
      const fill = async (title: string, size: number) => {
        const courseId = await createCourse(db, tenantId, title);
        const documentId = (await db.insertInto('documents').values({ tenant_id: tenantId, course_id: courseId, title, format: 'text', media_type: 'text/plain', byte_size: 0 }).returning('id').executeTakeFirstOrThrow()).id;
        await sql`insert into chunks (tenant_id, course_id, document_id, chunk_index, heading_path, heading, content, char_start, char_end)
          select ${tenantId}, ${courseId}, ${documentId}, g, array['U'], 'U', 'text ' || g, 0, 5 from generate_series(0, ${size - 1}::int) g`.execute(db);
        await sql`insert into chunk_embeddings (chunk_id, model, tenant_id, course_id, dims, embedding)
          select id, ${MODEL}, tenant_id, course_id, 8, ('[' || (chunk_index % 97) || ',1,' || (chunk_index % 13) || ',2,3,' || chunk_index || ',5,6]')::vector
          from chunks where document_id = ${documentId}`.execute(db);
        return courseId;
      };
      const big = await fill('Big', 5_100);
      const small = await fill('Small', 40);

      await migrate(db);

      const membership = await sql<{ course_id: string; inside: number; total: number }>`
        select course_id, count(*) filter (where in_hnsw)::int as inside, count(*)::int as total from chunk_embeddings group by course_id`.execute(db);
      const byCourse = new Map(membership.rows.map((r) => [r.course_id, r]));
      expect(byCourse.get(big)).toMatchObject({ inside: 5_100, total: 5_100 });
      expect(byCourse.get(small)).toMatchObject({ inside: 0, total: 40 });
      const marks = await db.selectFrom('course_vector_counts').select(['course_id', 'hnsw']).where('model', '=', MODEL).execute();
      expect(Object.fromEntries(marks.map((m) => [m.course_id, m.hnsw]))).toEqual({ [big]: true, [small]: false });
      const definition = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = ${embeddingIndexName(MODEL)}`.execute(db);
      expect(definition.rows[0]?.indexdef).toMatch(/WHERE \(\(model = 'upgrade-model-8'::text\) AND in_hnsw\)/);
    }, 120_000);
  });
}
