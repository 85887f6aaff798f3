/**
 * Registered businesses and the platform's reviews of them: registration, name changes,
 * verification, revocation, suspension. The `businesses` table is the record; the
 * `profile:<businessId>` document mirrors `name`, `verified` (and the initial `category`) so
 * customers' devices see them, written through the submit path as the platform — the validator lets
 * no one else write those two fields. Table first, then document: a crash between them leaves
 * the document behind, and the next decision (or `syncProfile`) writes it again.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import {
  docName,
  randomId,
  SoukError,
  type BusinessCategory,
  type BusinessRecord,
  type NameChange,
  type Verification,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import {
  businesses,
  businessNames,
  identities,
  moderationLog,
  verificationRequests,
} from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { asPlatform, type ServerWrite } from '../submit/submit.ts';
import { NameRegistry } from './name-registry.ts';
import { HandleRegistry } from './handle-registry.ts';
import { checkedName, NameChangeRequests } from './name-change-requests.ts';
import { decideRequest, type Decision } from './decide-request.ts';
import { toRecord, toVerification } from './records.ts';

export { toVerification };

export class BusinessService {
  /** Look-alike names: refused when claimed, flagged for review when they already exist. */
  readonly names: NameRegistry;
  /** Handles of links (`/c/<handle>`), looked-alike like names. */
  readonly handles: HandleRegistry;
  private readonly renames: NameChangeRequests;

  constructor(
    private readonly db: Db,
    private readonly write: ServerWrite,
    private readonly clock: Clock,
  ) {
    this.names = new NameRegistry(db, clock);
    this.handles = new HandleRegistry(db, clock);
    this.renames = new NameChangeRequests(db, clock, this.names, this);
  }

  async get(id: string): Promise<BusinessRecord | null> {
    const [row] = await this.records().where(eq(businesses.id, id));
    return row ? toRecord(row.business, row.phone) : null;
  }

  private records() {
    return this.db
      .select({ business: businesses, phone: identities.phone })
      .from(businesses)
      .innerJoin(identities, eq(identities.id, businesses.id))
      .$dynamic();
  }

  async require(id: string): Promise<BusinessRecord> {
    const found = await this.get(id);
    if (!found) throw new SoukError('not_found', 'No such business. Register it first.');
    return found;
  }

  async list(): Promise<BusinessRecord[]> {
    const rows = await this.records().orderBy(desc(businesses.createdAt));
    return rows.map((r) => toRecord(r.business, r.phone));
  }

  async register(
    id: string,
    name: string,
    category: BusinessCategory,
    wantedHandle?: string,
  ): Promise<BusinessRecord> {
    const stored = checkedName(name);
    const now = this.clock.now();
    const inserted = await this.db.transaction(async (tx) => {
      await this.names.lock(tx);
      await this.names.claim(tx, stored, id);
      const handle = await this.handles.pick(tx, id, stored, wantedHandle);
      const rows = await tx
        .insert(businesses)
        .values({ id, name: stored, category, status: 'active', verified: false, createdAt: now })
        .onConflictDoNothing()
        .returning({ id: businesses.id });
      if (rows.length === 0) return false;
      await tx
        .insert(businessNames)
        .values({ id: randomId(16), businessId: id, name: stored, since: now });
      await this.names.store(tx, id, stored);
      await this.handles.assign(tx, id, handle);
      return true;
    });
    if (!inserted) throw new SoukError('conflict', 'This business is already registered.');
    await asPlatform(this.write, docName('profile', id), (doc) => {
      const profile = doc.getMap('profile');
      profile.set('name', stored);
      profile.set('verified', false);
      profile.set('category', category);
    });
    return this.require(id);
  }

  /** Writes the table's name and ✅ into the profile document (only what differs). */
  async syncProfile(id: string): Promise<void> {
    const business = await this.require(id);
    await asPlatform(this.write, docName('profile', id), (doc) => {
      const profile = doc.getMap('profile');
      if (profile.get('name') !== business.name) profile.set('name', business.name);
      if (profile.get('verified') !== business.verified) profile.set('verified', business.verified);
    });
  }

  async nameHistory(id: string): Promise<Array<{ name: string; since: number }>> {
    return this.db
      .select({ name: businessNames.name, since: businessNames.since })
      .from(businessNames)
      .where(eq(businessNames.businessId, id))
      .orderBy(asc(businessNames.since));
  }

  /** Renames wait for the platform's review (name-change-requests.ts). */
  requestNameChange(id: string, name: string, reason: string): Promise<NameChange> {
    return this.renames.request(id, name, reason);
  }

  nameChanges(status?: 'pending' | 'approved' | 'rejected'): Promise<NameChange[]> {
    return this.renames.list(status);
  }

  decideNameChange(
    id: string,
    decision: Decision,
    reason: string,
    operator: string,
  ): Promise<NameChange> {
    return this.renames.decide(id, decision, reason, operator);
  }

  async requestVerification(id: string, evidence: string): Promise<Verification> {
    const business = await this.require(id);
    if (business.verified) throw new SoukError('conflict', 'This business is already verified.');
    const [pending] = await this.db
      .select({ id: verificationRequests.id })
      .from(verificationRequests)
      .where(
        and(eq(verificationRequests.businessId, id), eq(verificationRequests.status, 'pending')),
      );
    if (pending)
      throw new SoukError('conflict', 'A verification request is already waiting for review.', {
        id: pending.id,
      });
    const requestId = randomId(16);
    const inserted = await this.db
      .insert(verificationRequests)
      .values({
        id: requestId,
        businessId: id,
        evidence,
        status: 'pending',
        createdAt: this.clock.now(),
      })
      .onConflictDoNothing()
      .returning({ id: verificationRequests.id });
    if (inserted.length === 0)
      throw new SoukError('conflict', 'A verification request is already waiting for review.');
    return (await this.verification(requestId))!;
  }

  private async verification(requestId: string): Promise<Verification | null> {
    const [row] = await this.db
      .select({ request: verificationRequests, businessName: businesses.name })
      .from(verificationRequests)
      .innerJoin(businesses, eq(businesses.id, verificationRequests.businessId))
      .where(eq(verificationRequests.id, requestId));
    return row ? toVerification(row.request, row.businessName) : null;
  }

  async verifications(status?: 'pending' | 'approved' | 'rejected'): Promise<Verification[]> {
    const rows = await this.db
      .select({ request: verificationRequests, businessName: businesses.name })
      .from(verificationRequests)
      .innerJoin(businesses, eq(businesses.id, verificationRequests.businessId))
      .where(status ? eq(verificationRequests.status, status) : undefined)
      .orderBy(desc(verificationRequests.createdAt));
    return rows.map((r) => toVerification(r.request, r.businessName));
  }

  async decideVerification(
    requestId: string,
    decision: Decision,
    reason: string,
    operator: string,
  ): Promise<Verification> {
    const businessId = await decideRequest(
      this.db,
      {
        table: verificationRequests,
        requestId,
        decision,
        reason,
        operator,
        at: this.clock.now(),
        noun: 'verification request',
        find: () => this.verification(requestId),
      },
      async (tx, request) => {
        if (decision === 'approve')
          await tx
            .update(businesses)
            .set({ verified: true })
            .where(eq(businesses.id, request.businessId));
        return request.businessId;
      },
    );
    if (decision === 'approve') {
      await this.syncProfile(businessId);
      await this.names.flag(businessId); // look-alikes of a newly verified name, for review
    }
    return (await this.verification(requestId))!;
  }

  async revokeVerification(id: string, reason: string, operator: string): Promise<BusinessRecord> {
    const business = await this.require(id);
    if (!business.verified) throw new SoukError('conflict', 'This business is not verified.');
    await this.moderate(id, 'revoke-verification', reason, operator, { verified: false });
    await this.syncProfile(id);
    return this.require(id);
  }

  async setStatus(
    id: string,
    status: 'active' | 'suspended',
    reason: string,
    operator: string,
  ): Promise<BusinessRecord> {
    await this.require(id);
    await this.moderate(id, status === 'suspended' ? 'suspend' : 'restore', reason, operator, {
      status,
    });
    return this.require(id);
  }

  private async moderate(
    id: string,
    action: string,
    reason: string,
    operator: string,
    change: Partial<{ verified: boolean; status: 'active' | 'suspended' }>,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.update(businesses).set(change).where(eq(businesses.id, id));
      await tx.insert(moderationLog).values({
        id: randomId(16),
        businessId: id,
        action,
        reason,
        operator,
        at: this.clock.now(),
      });
    });
  }

  async isSuspended(id: string): Promise<boolean> {
    const [row] = await this.db
      .select({ status: businesses.status })
      .from(businesses)
      .where(eq(businesses.id, id));
    return row?.status === 'suspended';
  }
}
