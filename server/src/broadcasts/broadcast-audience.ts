/**
 * Who a broadcast goes to, with what: the business's opted-in customers (from the opt-in index
 * the log follower keeps, flushed first so an acknowledged opt-in counts), narrowed to a label,
 * each with their parameters — the shop's shared values, then their profile name
 * (customer-names.ts), then their CSV row — and every row that cannot be used, with why. With a
 * CSV the audience is its usable rows; a number that is not an opted-in customer is refused here
 * (`not_a_customer`), so a CSV can never reach anyone who did not agree. The consent rules still
 * judge every message when it is sent.
 */
import { and, asc, eq } from 'drizzle-orm';
import {
  refusalError,
  SoukError,
  templateMessageReason,
  translationParameters,
  type BroadcastRowProblem,
  type Template,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { identities, statsOptIns } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { ConsentFacts } from '../consent/consent-facts.ts';
import type { TemplateService } from '../templates/template-service.ts';
import { peopleLabelled } from '../business/customers.ts';
import { readBroadcastCsv, type CsvProblem } from './broadcast-csv.ts';
import { nameParameter, type CustomerNames } from './customer-names.ts';

export interface AudienceDeps {
  db: Db;
  facts: ConsentFacts;
  clock: Clock;
  templates: TemplateService;
  names: CustomerNames;
  /** Brings the opt-in index up to what was acknowledged. */
  flush?: () => Promise<void>;
}

export interface AudienceRequest {
  template: string;
  version?: number | undefined;
  language?: string | undefined;
  params: Record<string, string>;
  label?: string | undefined;
  csv?: string | undefined;
}

export interface Recipient {
  personId: string;
  phone: string;
  params: Record<string, string>;
}

export interface Audience {
  template: Template;
  recipients: Recipient[];
  problems: CsvProblem[];
}

export async function findTemplate(
  templates: TemplateService,
  businessId: string,
  request: Pick<AudienceRequest, 'template' | 'version'>,
): Promise<Template> {
  const template = request.version
    ? await templates.get(businessId, request.template, request.version)
    : (await templates.latest(businessId)).find((t) => t.name === request.template);
  if (!template) throw new SoukError('not_found', 'No published template with that name.');
  return template;
}

export async function resolveAudience(
  deps: AudienceDeps,
  businessId: string,
  request: AudienceRequest,
): Promise<Audience> {
  const template = await findTemplate(deps.templates, businessId, request);
  // The shared values are wrong for everyone: refused once rather than once per customer.
  const shared = templateMessageReason({ params: request.params }, template);
  if (shared) throw refusalError('bad_request', { code: shared });
  await deps.flush?.().catch(() => {}); // logged by the follower; go with what is indexed
  let customers = await optedIn(deps.db, businessId);
  if (request.label) {
    const labelled = await peopleLabelled(deps, businessId, request.label);
    customers = customers.filter((c) => labelled.has(c.id));
  }
  const names = await deps.names(customers.map((c) => c.id));
  const needed = neededParameters(template, request.language);
  const problems: CsvProblem[] = [];
  const recipients: Recipient[] = [];
  const add = (line: number, customer: { id: string; phone: string }, own = {}) => {
    const name = names.get(customer.id);
    const params = pick(
      { ...request.params, ...(name ? { [nameParameter]: name } : {}), ...own },
      needed,
    );
    const problem = rowProblem(params, needed, template);
    if (problem) problems.push({ line, phone: customer.phone, ...problem });
    else recipients.push({ personId: customer.id, phone: customer.phone, params });
  };
  if (request.csv === undefined) {
    for (const customer of customers) add(0, customer);
    return { template, recipients, problems };
  }
  const csv = readBroadcastCsv(request.csv);
  problems.push(...csv.problems);
  const byPhone = new Map(customers.map((c) => [c.phone, c]));
  for (const row of csv.rows) {
    const customer = byPhone.get(row.phone);
    if (customer) add(row.line, customer, row.values);
    else problems.push({ line: row.line, phone: row.phone, problem: 'not_a_customer' });
  }
  problems.sort((a, b) => a.line - b.line);
  return { template, recipients, problems };
}

/** The opted-in people, by phone (the index proposes; the rules decide at sending). */
async function optedIn(db: Db, businessId: string) {
  return db
    .select({ id: identities.id, phone: identities.phone })
    .from(statsOptIns)
    .innerJoin(identities, eq(identities.id, statsOptIns.personId))
    .where(
      and(
        eq(statsOptIns.businessId, businessId),
        eq(statsOptIns.optedIn, true),
        eq(identities.kind, 'person'),
      ),
    )
    .orderBy(asc(identities.phone), asc(identities.id));
}

/** The parameters of the translation sent, and of the default one (the fallback text). */
function neededParameters(template: Template, language: string | undefined): string[] {
  const chosen = template.translations[language ?? template.defaultLanguage];
  const fallback = template.translations[template.defaultLanguage];
  return [...new Set([chosen, fallback].flatMap((t) => (t ? translationParameters(t) : [])))];
}

function pick(params: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => params[n]).map((n) => [n, params[n]!]));
}

function rowProblem(
  params: Record<string, string>,
  needed: string[],
  template: Template,
): { problem: BroadcastRowProblem; parameter?: string } | null {
  const missing = needed.find((n) => !params[n]);
  if (missing) return { problem: 'missing_parameter', parameter: missing };
  const reason = templateMessageReason({ params }, template);
  return reason ? { problem: reason } : null;
}
