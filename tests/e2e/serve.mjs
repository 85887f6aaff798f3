// Starts the real server for the end-to-end tests on a fresh, throw-away PGlite data directory,
// with one platform operator (the phone in support.ts) created by the real CLI first. SIGUSR2
// restarts the server on the same directory (a journey asks with restartServer in support.ts,
// which finds this process and the server's pid in the file named by restartFile).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

const port = process.argv[2] ?? '4317';
const operatorPhone = '+34600000001';
const dataDir = mkdtempSync(join(tmpdir(), 'souk-e2e-'));
const env = {
  ...process.env,
  PORT: port,
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  // Every journey signs in from 127.0.0.1.
  SOUK_CODES_PER_IP: '10000',
  // The one e2e operator signs in from many journeys.
  SOUK_CODES_PER_PHONE: '100',
  // Broadcasts are sent slowly enough that a journey sees one running and can cancel it.
  SOUK_BROADCAST_RATE: '4',
};
const cli = spawnSync(
  process.execPath,
  ['--import', 'tsx', 'server/src/cli.ts', 'create-operator', '--phone', operatorPhone],
  { stdio: 'inherit', env },
);
if (cli.status !== 0) process.exit(cli.status ?? 1);
const restartFile = join(tmpdir(), `souk-e2e-${port}.json`);
let restarting = false;
function start() {
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    stdio: 'inherit',
    env,
  });
  server.on('exit', (code) => {
    if (restarting) return;
    rmSync(restartFile, { force: true });
    process.exit(code ?? 0);
  });
  writeFileSync(restartFile, JSON.stringify({ serve: process.pid, server: server.pid }));
  return server;
}
let child = start();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
process.on('SIGUSR2', () => {
  if (restarting) return;
  restarting = true;
  // A graceful stop, as a deploy's; a server still up after 10 s is cut (and said so).
  const cut = setTimeout(() => {
    console.error('serve.mjs: the server did not stop within 10 s of SIGTERM: SIGKILL');
    child.kill('SIGKILL');
  }, 10_000);
  child.once('exit', () => {
    clearTimeout(cut);
    restarting = false;
    child = start();
  });
  child.kill('SIGTERM');
});
