/**
 * A business asking to be renamed, and the platform's review of it. The wanted name must pass the
 * same checks as at registration (look-alikes included) both when asked and when approved, since
 * another business may have claimed a look-alike in between. Approval removes the ✅.
 */
import { and, desc, eq } from 'drizzle-orm';
import {
  businessNameLimits,
  randomId,
  SoukError,
  validateBusinessName,
  type BusinessRecord,
  type NameChange,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { businesses, businessNames, nameChangeRequests } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { NameRegistry } from './name-registry.ts';
import { decideRequest, type Decision } from './decide-request.ts';

/** The name as stored, or a `bad_request` saying what is wrong with it. */
export function checkedName(input: string): string {
  const result = validateBusinessName(input);
  if (!result.ok)
    throw new SoukError('bad_request', result.reason, {
      code: result.code, // what name refusals said before the contract's `reason`
      reason: result.code,
      min: businessNameLimits.minGraphemes,
      max: businessNameLimits.maxGraphemes,
      ...(result.char === undefined ? {} : { char: result.char }),
    });
  return result.name;
}

/** What a rename needs of the businesses themselves (business-service.ts). */
export interface RenamedBusinesses {
  require(id: string): Promise<BusinessRecord>;
  syncProfile(id: string): Promise<void>;
}

export class NameChangeRequests {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly names: NameRegistry,
    private readonly businesses: RenamedBusinesses,
  ) {}

  async request(id: string, name: string, reason: string): Promise<NameChange> {
    const business = await this.businesses.require(id);
    const wanted = checkedName(name);
    if (wanted === business.name)
      throw new SoukError('bad_request', 'That is already the business name.');
    await this.names.claim(this.db, wanted, id);
    const [pending] = await this.db
      .select({ id: nameChangeRequests.id })
      .from(nameChangeRequests)
      .where(and(eq(nameChangeRequests.businessId, id), eq(nameChangeRequests.status, 'pending')));
    if (pending)
      throw new SoukError('conflict', 'A name change is already waiting for review.', {
        id: pending.id,
      });
    const requestId = randomId(16);
    // The partial unique index (one pending request per business) settles concurrent requests.
    const inserted = await this.db
      .insert(nameChangeRequests)
      .values({
        id: requestId,
        businessId: id,
        name: wanted,
        reason,
        status: 'pending',
        createdAt: this.clock.now(),
      })
      .onConflictDoNothing()
      .returning({ id: nameChangeRequests.id });
    if (inserted.length === 0)
      throw new SoukError('conflict', 'A name change is already waiting for review.');
    return (await this.get(requestId))!;
  }

  private async get(requestId: string): Promise<NameChange | null> {
    const [row] = await this.db
      .select({ request: nameChangeRequests, currentName: businesses.name })
      .from(nameChangeRequests)
      .innerJoin(businesses, eq(businesses.id, nameChangeRequests.businessId))
      .where(eq(nameChangeRequests.id, requestId));
    return row ? toNameChange(row.request, row.currentName) : null;
  }

  async list(status?: 'pending' | 'approved' | 'rejected'): Promise<NameChange[]> {
    const rows = await this.db
      .select({ request: nameChangeRequests, currentName: businesses.name })
      .from(nameChangeRequests)
      .innerJoin(businesses, eq(businesses.id, nameChangeRequests.businessId))
      .where(status ? eq(nameChangeRequests.status, status) : undefined)
      .orderBy(desc(nameChangeRequests.createdAt));
    return rows.map((r) => toNameChange(r.request, r.currentName));
  }

  /** Approval renames the business, keeps the old name in history and removes the ✅. */
  async decide(
    requestId: string,
    decision: Decision,
    reason: string,
    operator: string,
  ): Promise<NameChange> {
    const now = this.clock.now();
    const businessId = await decideRequest(
      this.db,
      {
        table: nameChangeRequests,
        requestId,
        decision,
        reason,
        operator,
        at: now,
        noun: 'name-change request',
        find: () => this.get(requestId),
      },
      async (tx, request) => {
        if (decision === 'approve') {
          // Another business may have taken a look-alike since the request: refused, left pending.
          await this.names.lock(tx);
          await this.names.claim(tx, request.name, request.businessId);
          await tx
            .update(businesses)
            .set({ name: request.name, verified: false })
            .where(eq(businesses.id, request.businessId));
          await this.names.store(tx, request.businessId, request.name);
          await tx.insert(businessNames).values({
            id: randomId(16),
            businessId: request.businessId,
            name: request.name,
            since: now,
          });
        }
        return request.businessId;
      },
    );
    if (decision === 'approve') await this.businesses.syncProfile(businessId);
    return (await this.get(requestId))!;
  }
}

function toNameChange(r: typeof nameChangeRequests.$inferSelect, currentName: string): NameChange {
  return {
    id: r.id,
    businessId: r.businessId,
    currentName,
    name: r.name,
    reason: r.reason,
    status: r.status,
    createdAt: r.createdAt,
    decidedAt: r.decidedAt,
    decisionReason: r.decisionReason,
  };
}
