/**
 * `souk` server commands, run against the same configuration (environment) and database as the
 * server: `create-operator --phone <number>` makes a phone number a platform operator, who then
 * signs in to the console (`/admin`) with that number like any person; `export FILE` asks the
 * running server for an export, `import FILE` loads one into an empty database
 * (export/cli-commands.ts, docs/operations.md).
 *
 *   pnpm --filter @souk/server cli create-operator --phone +34612345678
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { toE164 } from '@souk/sync';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/open.ts';
import { createOperator } from './business/operators.ts';
import { systemClock } from './clock.ts';
import { exportCommand, importCommand, serverUrl } from './export/cli-commands.ts';

const usage = [
  'Usage: souk create-operator --phone <number in international format>',
  '       souk export FILE     (the running server, with SOUK_OPERATOR_TOKEN; SOUK_URL if not local)',
  '       souk import FILE     (into an empty DATA_DIR or DATABASE_URL, Souk stopped)',
].join('\n');

export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  out: (line: string) => void,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    options: { phone: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  const [command, file] = positionals;
  if ((command === 'export' || command === 'import') && file && !values.help) {
    const config = loadConfig(env);
    return command === 'export'
      ? exportCommand(file, serverUrl(env, config), env.SOUK_OPERATOR_TOKEN, out)
      : importCommand(file, config, out);
  }
  if (values.help || command !== 'create-operator') {
    out(usage);
    return values.help ? 0 : 2;
  }
  const phone = toE164(values.phone ?? '');
  if (!phone) {
    out(`Enter a phone number in international format, e.g. +34 612 345 678.\n${usage}`);
    return 2;
  }
  const config = loadConfig(env);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const created = await createOperator(database.db, phone, systemClock.now());
    out(
      created
        ? `Operator ${phone} created. Sign in at /admin with this number.`
        : `${phone} is already an operator.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

// Run when executed directly (not when imported by a test).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runCli(process.argv.slice(2), process.env, (line) => console.log(line)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
