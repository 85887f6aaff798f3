/**
 * Scheduled exports: with SOUK_EXPORT_DIR the server writes an export every SOUK_EXPORT_EVERY
 * and keeps the newest SOUK_EXPORT_KEEP. Watched as they appear (a barrier on the files, no
 * sleeps): names sort as written, older ones are deleted beyond the number kept, no temporary
 * file is left once the server stops, and every kept file is a whole export that imports.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startTestServer } from '../support/server.ts';
import { eventually, signIn } from '../support/people.ts';
import { queryDataDir } from '../support/processes.ts';
import { soukCli } from '../support/souk-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'souk-scheduled-'));
const exportsDir = join(dir, 'exports');
const exportName = /^souk-export-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.ndjson\.gz$/;

describe('scheduled exports', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one every interval and keeps the newest', async () => {
    const server = await startTestServer({
      SOUK_EXPORT_DIR: exportsDir,
      SOUK_EXPORT_EVERY: '1s',
      SOUK_EXPORT_KEEP: '2',
    });
    const seen = new Set<string>();
    /** The finished exports (none before the first creates the directory). */
    const finished = () =>
      existsSync(exportsDir)
        ? readdirSync(exportsDir).filter((name) => !name.endsWith('.partial'))
        : [];
    try {
      const person = await signIn(server.url, '+34644000001');
      // Three exports finished after the sign-in: the newest two began after it.
      const earlier = new Set(finished());
      await eventually(
        () => {
          for (const name of finished()) seen.add(name);
          return [...seen].filter((name) => !earlier.has(name)).length >= 3;
        },
        60_000,
        'three scheduled exports',
      );
      // A directory listed between a rename and its prune may show one more; never two more.
      expect(finished().length).toBeLessThanOrEqual(3);

      await server.close();
      const kept = readdirSync(exportsDir);
      for (const name of kept) seen.add(name);
      expect([...seen].every((name) => exportName.test(name))).toBe(true);
      expect(kept).toEqual([...seen].sort().slice(-2)); // the newest two, nothing partial
      for (const name of kept) {
        const lines = gunzipSync(readFileSync(join(exportsDir, name)))
          .toString()
          .trimEnd()
          .split('\n');
        expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'souk-export' });
        expect(JSON.parse(lines.at(-1)!)).toHaveProperty('end.identities', 1);
      }

      const target = join(dir, 'restored');
      const imported = await soukCli(['import', join(exportsDir, kept[1]!)], { DATA_DIR: target });
      expect(imported.code).toBe(0);
      const rows = await queryDataDir<{ id: string }>(target, 'SELECT id FROM identities', []);
      expect(rows).toEqual([{ id: person.id }]);
    } finally {
      await server.close();
    }
  }, 120_000);
});
