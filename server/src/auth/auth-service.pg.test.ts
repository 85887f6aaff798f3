/** The sign-in limits under concurrency on PostgreSQL: a pool of connections, statements at once. */
import postgres from 'postgres';
import { afterAll } from 'vitest';
import { openDatabase } from '../db/open.ts';
import { authRaceSuite } from './auth-races.ts';

const postgresUrl = process.env.SOUK_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `souk_auth_${process.pid}_${Date.now()}`;
const admin = () => postgres(postgresUrl, { max: 1, onnotice: () => {} });

authRaceSuite('PostgreSQL', async () => {
  const create = admin();
  await create.unsafe(`CREATE DATABASE ${dbName}`);
  await create.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${dbName}`;
  return openDatabase({ url: url.toString(), dataDir: '' });
});

afterAll(async () => {
  const drop = admin();
  await drop.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await drop.end();
});
