/**
 * A customer's name, for a broadcast's `{{name}}`: the seam between broadcasts and people's
 * profiles. Today it is the display name of their `person:<id>` profile, which the server keeps
 * (checked against look-alikes) on their identity row; someone without one simply has no name
 * here, and the shop's CSV or shared value gives it. Whatever profiles become, only this file
 * reads them for broadcasts.
 */
import { and, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { identities } from '../db/schema.ts';

export type CustomerNames = (personIds: readonly string[]) => Promise<Map<string, string>>;

/** The template parameter a customer's profile name fills. */
export const nameParameter = 'name';

/** Names read this many ids at a time (PostgreSQL's parameter limit is far above). */
const readTogether = 1000;

/** Person id → the display name on their profile, for those who have one. */
export function profileNames(db: Db): CustomerNames {
  return async (personIds) => {
    const names = new Map<string, string>();
    for (let i = 0; i < personIds.length; i += readTogether) {
      const rows = await db
        .select({ id: identities.id, name: identities.displayName })
        .from(identities)
        .where(
          and(
            inArray(identities.id, personIds.slice(i, i + readTogether)),
            isNotNull(identities.displayName),
          ),
        );
      for (const row of rows) if (row.name) names.set(row.id, row.name);
    }
    return names;
  };
}
