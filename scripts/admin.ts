// `npm run admin -- <command>`: operator commands for a production install (run where the server's environment is,
// e.g. `docker compose run --rm tool-server node dist/admin/main.mjs create-owner …`).
//
//   create-owner --email it@school.edu --tenant "Springfield High" [--name "IT Office"] [--ttl-minutes 60]
//       Makes that person the owner of the tenant (created when no tenant has that id, slug or name) and prints a
//       one-time sign-in link for the portal. Run it again to get a new link.
import { parseArgs } from 'node:util';
import { ConfigError, createOwner, loadConfig, migrate, openDatabase } from '@tutorgraph/core';
import { join } from 'node:path';

const usage = `usage: npm run admin -- create-owner --email <email> --tenant <name|slug|id> [--name <display name>] [--ttl-minutes <minutes>]`;

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'create-owner') { console.error(usage); return 64; }
  const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, tenant: { type: 'string' }, name: { type: 'string' }, 'ttl-minutes': { type: 'string' } } });
  if (!values.email || !values.tenant) { console.error(usage); return 64; }
  const ttlMinutes = values['ttl-minutes'] ? Number(values['ttl-minutes']) : 60;
  if (!Number.isInteger(ttlMinutes) || ttlMinutes < 1 || ttlMinutes > 7 * 24 * 60) { console.error('--ttl-minutes must be a whole number from 1 to 10080'); return 64; }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) { console.error(error.message); return 78; }
    throw error;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDataDir: join(config.dataDir, 'pglite') });
  try {
    await migrate(database.db);
    const result = await createOwner(database.db, { email: values.email, tenant: values.tenant, name: values.name, ttlSeconds: ttlMinutes * 60 });
    console.log(`${result.user.email} is the owner of "${result.tenant.name}" (${result.tenant.id}${result.isNewTenant ? ', created now' : ''}).`);
    console.log(`One-time sign-in link (valid until ${result.expiresAt.toISOString()}):\n\n  ${config.publicUrl}/#signin=${result.token}\n`);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await database.close();
  }
}

process.exit(await main());
