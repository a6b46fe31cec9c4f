import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrate, openDatabase, purgeExpiredLaunchState } from '@tutorgraph/core';
import { startPostgresWireServer, type PostgresWireServer } from '../../../test-support/pglite-socket.js';
import { KyselyLtijsPlugin } from '../../src/lti/ltijs-kysely.plugin.js';
import { createTestDatabase } from '../../../test-support/test-db.js';

const KEY = 'k'.repeat(40);
let handle: DatabaseHandle;
let plugin: KyselyLtijsPlugin;
beforeAll(async () => { handle = await createTestDatabase(); plugin = new KyselyLtijsPlugin(handle.db); });
afterAll(async () => { await handle?.close(); });

describe('ltijs database plugin on kysely', () => {
  it('when a key is stored encrypted, then the row holds no plaintext and Get decrypts it by its index fields', async () => {
    await plugin.Replace(KEY, 'privatekey', { platformUrl: 'https://lms', clientId: 'c1' }, { key: '-----PRIVATE-----secret', kid: 'kid-1' }, { kid: 'kid-1', platformUrl: 'https://lms', clientId: 'c1' });
    const raw = await handle.db.selectFrom('ltijs_documents').select(sql<string>`doc::text`.as('text')).where('collection', '=', 'privatekey').executeTakeFirstOrThrow();
    expect(raw.text).not.toContain('secret');
    const found = await plugin.Get(KEY, 'privatekey', { kid: 'kid-1' });
    expect(found && found[0]).toMatchObject({ key: '-----PRIVATE-----secret', kid: 'kid-1' });
    await expect(plugin.Get('w'.repeat(40), 'privatekey', { kid: 'kid-1' })).rejects.toThrow();
  });

  it('when a document with the same unique key is inserted twice, then the second insert fails as with MongoDB', async () => {
    await plugin.Insert(false, 'state', { state: 's-1', query: { a: '1' } });
    await expect(plugin.Insert(false, 'state', { state: 's-1', query: {} })).rejects.toThrow();
  });

  it('when Replace upserts, then one document exists and it holds the new value', async () => {
    const query = { iss: 'https://lms', clientId: 'c1', deploymentId: 'd1', user: 'u1' };
    await plugin.Replace(false, 'idtoken', query, { ...query, userInfo: { name: 'A' } });
    await plugin.Replace(false, 'idtoken', query, { ...query, userInfo: { name: 'B' } });
    const docs = await plugin.Get(false, 'idtoken', query);
    expect(docs).toHaveLength(1);
    expect(docs && docs[0]).toMatchObject({ userInfo: { name: 'B' } });
  });

  it('when Modify changes a field, then other fields stay; and Delete removes only matches', async () => {
    await plugin.Insert(false, 'platformStatus', { id: 'p-1', active: false });
    await plugin.Insert(false, 'platformStatus', { id: 'p-2', active: false });
    await plugin.Modify(false, 'platformStatus', { id: 'p-1' }, { active: true });
    expect(await plugin.Get(false, 'platformStatus', { id: 'p-1' })).toMatchObject([{ id: 'p-1', active: true }]);
    await plugin.Delete('platformStatus', { id: 'p-1' });
    expect(await plugin.Get(false, 'platformStatus', { id: 'p-1' })).toBe(false);
    expect(await plugin.Get(false, 'platformStatus', { id: 'p-2' })).toHaveLength(1);
  });

  it('when a nonce is older than 10 s, then Get no longer sees it and purge deletes it, while platforms never expire', async () => {
    await plugin.Insert(false, 'nonce', { nonce: 'n-old' });
    await plugin.Insert(false, 'platform', { platformUrl: 'https://old', clientId: 'c' });
    await handle.db.updateTable('ltijs_documents').set({ created_at: sql<Date>`now() - interval '11 seconds'` })
      .where('collection', 'in', ['nonce', 'platform']).execute();
    expect(await plugin.Get(false, 'nonce', { nonce: 'n-old' })).toBe(false);
    expect(await plugin.Get(false, 'platform', { platformUrl: 'https://old' })).toHaveLength(1);
    expect(await plugin.purgeExpired()).toBeGreaterThanOrEqual(1);
  });

  it('when login states and used nonces expire, then the purge removes them and keeps live ones', async () => {
    const tenant = await handle.db.insertInto('tenants').values({ name: 'Purge', slug: 'purge-lti' }).returning('id').executeTakeFirstOrThrow();
    const reg = await handle.db.insertInto('lti_registrations').values({
      tenant_id: tenant.id, name: 'LMS', kind: 'other', issuer: 'https://purge', client_id: 'c', auth_login_url: 'https://purge/a', auth_token_url: 'https://purge/t', keyset_url: 'https://purge/k',
    }).returning('id').executeTakeFirstOrThrow();
    const past = new Date(Date.now() - 1000);
    const future = new Date(Date.now() + 60_000);
    await handle.db.insertInto('lti_login_states').values([
      { state: 'old', nonce: 'n', registration_id: reg.id, storage: 'cookie', target_link_uri: 'x', expires_at: past },
      { state: 'live', nonce: 'n', registration_id: reg.id, storage: 'cookie', target_link_uri: 'x', expires_at: future },
    ]).execute();
    await handle.db.insertInto('lti_used_nonces').values([{ registration_id: reg.id, nonce: 'old', expires_at: past }, { registration_id: reg.id, nonce: 'live', expires_at: future }]).execute();
    await purgeExpiredLaunchState(handle.db);
    expect((await handle.db.selectFrom('lti_login_states').select('state').execute()).map((r) => r.state)).toEqual(['live']);
    expect((await handle.db.selectFrom('lti_used_nonces').select('nonce').execute()).map((r) => r.nonce)).toEqual(['live']);
  });
});

describe('ltijs database plugin on the Postgres dialect (DATABASE_URL, pooled connections)', () => {
  let pg: PostgresWireServer;
  let pgHandle: DatabaseHandle;
  beforeAll(async () => {
    pg = await startPostgresWireServer(6);
    pgHandle = await openDatabase({ databaseUrl: pg.url, poolSize: 4 });
    await migrate(pgHandle.db);
  });
  afterAll(async () => { await pgHandle?.close(); await pg?.stop(); });

  it('when the same access token is upserted concurrently over four connections, then exactly one sealed row remains and it decrypts', async () => {
    const pgPlugin = new KyselyLtijsPlugin(pgHandle.db);
    const index = { platformUrl: 'https://lms', clientId: 'c1', scopes: 'a b' };
    await Promise.all(Array.from({ length: 8 }, (_, i) => pgPlugin.Replace(KEY, 'accesstoken', index, { token: { access_token: `t${i}` } }, index)));
    const rows = await pgHandle.db.selectFrom('ltijs_documents').select('id').where('collection', '=', 'accesstoken').execute();
    expect(rows).toHaveLength(1);
    const found = await pgPlugin.Get(KEY, 'accesstoken', index);
    expect(found && (found[0] as { token: { access_token: string } }).token.access_token).toMatch(/^t\d$/);
  });
});
