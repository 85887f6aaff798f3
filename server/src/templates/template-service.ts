/**
 * Publishing and reading message templates. A published version is never changed: publishing a
 * template under an existing name adds `version + 1`, so messages that named an older version
 * keep rendering exactly as they were sent. The pack is every version of every template of a
 * business, which devices keep for 31 days; its ETag changes exactly when something is published.
 */
import { and, desc, eq, max } from 'drizzle-orm';
import {
  checkTemplate,
  bodyProblems,
  type BodyProblem,
  SoukError,
  templateSchema,
  type Template,
  type TemplateDraft,
  type TemplatePack,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { templates } from '../db/schema.ts';
import type { Clock } from '../clock.ts';

export class TemplateService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** `draft` has the shape of the shared schema (checked at the route); here the lint's rules. */
  async publish(businessId: string, draft: TemplateDraft): Promise<Template> {
    // Lint the draft as the version it will become; the version itself is the server's.
    for (let attempt = 0; attempt < 3; attempt++) {
      const version = (await this.latestVersion(businessId, draft.name)) + 1;
      const check = checkTemplate({ ...draft, version });
      if (!check.ok) {
        // The first issue that is a rule of the contract (WhatsApp's structure) names the reason.
        const reason = check.issues
          .map((issue) => issue.code)
          .find((code): code is BodyProblem => (bodyProblems as readonly string[]).includes(code));
        throw new SoukError('bad_request', check.issues[0]!.message, {
          issues: check.issues,
          ...(reason ? { reason } : {}),
        });
      }
      const inserted = await this.db
        .insert(templates)
        .values({
          businessId,
          name: check.template.name,
          version,
          category: check.template.category,
          body: check.template,
          publishedAt: this.clock.now(),
        })
        .onConflictDoNothing()
        .returning({ version: templates.version });
      if (inserted.length > 0) return check.template;
      // Someone published the same name at the same moment: number after theirs.
    }
    throw new SoukError('conflict', 'This template is being published elsewhere; try again.');
  }

  private async latestVersion(businessId: string, name: string): Promise<number> {
    const [row] = await this.db
      .select({ version: max(templates.version) })
      .from(templates)
      .where(and(eq(templates.businessId, businessId), eq(templates.name, name)));
    return row?.version ?? 0;
  }

  /** One version, for checking a template message before it is delivered. */
  async get(businessId: string, name: string, version: number): Promise<Template | null> {
    const [row] = await this.db
      .select({ body: templates.body })
      .from(templates)
      .where(
        and(
          eq(templates.businessId, businessId),
          eq(templates.name, name),
          eq(templates.version, version),
        ),
      );
    return row ? templateSchema.parse(row.body) : null;
  }

  /** The newest version of each template, for the editor and for sending. */
  async latest(businessId: string): Promise<Template[]> {
    const all = await this.all(businessId);
    const newest = new Map<string, Template>();
    for (const template of all) if (!newest.has(template.name)) newest.set(template.name, template);
    return [...newest.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async pack(businessId: string): Promise<TemplatePack> {
    const rows = await this.rows(businessId);
    return {
      businessId,
      templates: rows.map((row) => templateSchema.parse(row.body)),
      publishedAt: rows.reduce((latest, row) => Math.max(latest, row.publishedAt), 0),
    };
  }

  private async all(businessId: string): Promise<Template[]> {
    return (await this.rows(businessId)).map((row) => templateSchema.parse(row.body));
  }

  private rows(businessId: string) {
    return this.db
      .select({ body: templates.body, publishedAt: templates.publishedAt })
      .from(templates)
      .where(eq(templates.businessId, businessId))
      .orderBy(templates.name, desc(templates.version));
  }
}
