/**
 * A business asking for a new handle, and the operator's review of it, as for names: the handle is
 * checked when asked and again when approved (another business may have taken a look-alike in
 * between). Approval makes it current; the old handle redirects for `handleRedirectMs`.
 */
import { and, desc, eq } from 'drizzle-orm';
import { randomId, SoukError, type HandleChange } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { handleChangeRequests } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { HandleRegistry } from './handle-registry.ts';
import type { NameRegistry } from './name-registry.ts';
import { decideRequest, type Decision } from './decide-request.ts';

export class HandleChanges {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly handles: HandleRegistry,
    private readonly names: NameRegistry,
  ) {}

  async request(businessId: string, handle: string): Promise<HandleChange> {
    const current = await this.handles.current(businessId);
    if (current === null) throw new SoukError('not_found', 'No such business. Register it first.');
    if (handle === current) throw new SoukError('bad_request', 'That is already your handle.');
    await this.handles.claim(this.db, handle, businessId);
    const id = randomId(16);
    // The partial unique index (one pending request per business) settles concurrent requests.
    const inserted = await this.db
      .insert(handleChangeRequests)
      .values({ id, businessId, handle, status: 'pending', createdAt: this.clock.now() })
      .onConflictDoNothing()
      .returning({ id: handleChangeRequests.id });
    if (inserted.length === 0)
      throw new SoukError('conflict', 'A handle change is already waiting for review.');
    return (await this.get(id))!;
  }

  async pending(businessId: string): Promise<HandleChange | null> {
    const [row] = await this.db
      .select({ id: handleChangeRequests.id })
      .from(handleChangeRequests)
      .where(
        and(
          eq(handleChangeRequests.businessId, businessId),
          eq(handleChangeRequests.status, 'pending'),
        ),
      );
    return row ? this.get(row.id) : null;
  }

  private async get(id: string): Promise<HandleChange | null> {
    const [row] = await this.db
      .select()
      .from(handleChangeRequests)
      .where(eq(handleChangeRequests.id, id));
    return row ? this.toChange(row) : null;
  }

  async list(status?: 'pending' | 'approved' | 'rejected'): Promise<HandleChange[]> {
    const rows = await this.db
      .select()
      .from(handleChangeRequests)
      .where(status ? eq(handleChangeRequests.status, status) : undefined)
      .orderBy(desc(handleChangeRequests.createdAt));
    return Promise.all(rows.map((r) => this.toChange(r)));
  }

  async decide(
    requestId: string,
    decision: Decision,
    reason: string,
    operator: string,
  ): Promise<HandleChange> {
    await decideRequest(
      this.db,
      {
        table: handleChangeRequests,
        requestId,
        decision,
        reason,
        operator,
        at: this.clock.now(),
        noun: 'handle-change request',
        find: () => this.get(requestId),
      },
      async (tx, request) => {
        if (decision !== 'approve') return;
        // Refused (and left pending) when a look-alike was claimed since the request.
        await this.names.lock(tx);
        await this.handles.claim(tx, request.handle, request.businessId);
        await this.handles.assign(tx, request.businessId, request.handle);
      },
    );
    return (await this.get(requestId))!;
  }

  private async toChange(r: typeof handleChangeRequests.$inferSelect): Promise<HandleChange> {
    return {
      id: r.id,
      businessId: r.businessId,
      currentHandle: (await this.handles.current(r.businessId)) ?? '',
      handle: r.handle,
      status: r.status,
      createdAt: r.createdAt,
      decidedAt: r.decidedAt,
      decisionReason: r.decisionReason,
    };
  }
}
