import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../src/db/migrator.js';
import { createTestDatabase } from '../../../test-support/test-db.js';

describe('migrator', () => {
  const handlePromise = createTestDatabase();
  afterAll(async () => (await handlePromise).close());

  it('when run again on a migrated database, then it applies nothing', async () => {
    const { db } = await handlePromise;
    const files = await readMigrations();
    const result = await migrate(db);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toBe(files.length);
    const rows = await db.selectFrom('schema_migrations').select('version').orderBy('version').execute();
    expect(rows.map((r) => r.version)).toEqual(files.map((f) => f.version));
  });

  it('when the schema is in place, then pgvector and the generated tsvector work', async () => {
    const { db } = await handlePromise;
    const result = await sql<{ d: number }>`select '[1,0]'::vector <=> '[0,1]'::vector as d`.execute(db);
    expect(result.rows[0]?.d).toBeCloseTo(1);
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public'`.execute(db);
    const names = tables.rows.map((r) => r.table_name);
    for (const table of ['tenants', 'users', 'memberships', 'invites', 'sso_connections', 'audit_log', 'courses', 'documents', 'jobs',
      'chunks', 'chunk_embeddings', 'questions', 'answers', 'citations', 'answer_feedback', 'quizzes', 'quiz_questions', 'quiz_attempts',
      'mastery', 'lti_registrations', 'lti_deployments']) {
      expect(names).toContain(table);
    }
  });

  it('when an applied migration file was edited, then migrate refuses', async () => {
    const { db } = await handlePromise;
    const dir = mkdtempSync(join(tmpdir(), 'tg-mig-'));
    const files = await readMigrations();
    for (const file of files) writeFileSync(join(dir, `${String(file.version).padStart(4, '0')}_${file.name}.sql`), file.sql);
    const first = files[0]!;
    writeFileSync(join(dir, `0001_${first.name}.sql`), `${first.sql}\n-- edited`);
    await expect(migrate(db, dir)).rejects.toThrow(/edited after it was applied/);
  });

  it('when a migration fails, then its transaction rolls back and nothing is recorded', async () => {
    const { db } = await handlePromise;
    const dir = mkdtempSync(join(tmpdir(), 'tg-mig-'));
    const files = await readMigrations();
    for (const file of files) writeFileSync(join(dir, `${String(file.version).padStart(4, '0')}_${file.name}.sql`), file.sql);
    const next = String(files.length + 1).padStart(4, '0');
    writeFileSync(join(dir, `${next}_broken.sql`), 'create table half_done (id int);\nselect * from no_such_table;');
    await expect(migrate(db, dir)).rejects.toThrow();
    const exists = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = 'half_done'`.execute(db);
    expect(exists.rows[0]?.n).toBe(0);
  });
});
