/**
 * What the shop sees before it confirms: the audience, how many of them the consent rules let a
 * message reach now (the same rule that decides at sending: `businessMayStart`), a few messages
 * rendered for real customers with their own values, and the rows that cannot be used.
 */
import { broadcastLimits, renderTemplate, type BroadcastPreview, type Template } from '@souk/sync';
import { personOf, type Sender } from '../business/customers.ts';
import { businessMayStart } from '../submit/conversations.ts';
import type { Audience, AudienceDeps, Recipient } from './broadcast-audience.ts';

/** Consent checks run this many at a time (each reads one person's preferences). */
const checkedTogether = 50;

export async function previewOf(
  deps: AudienceDeps,
  business: Sender,
  audience: Audience,
  language: string | undefined,
): Promise<BroadcastPreview> {
  const { template, recipients, problems } = audience;
  const message = { kind: 'template', category: template.category } as const;
  let reachable = 0;
  for (let i = 0; i < recipients.length; i += checkedTogether) {
    const verdicts = await Promise.all(
      recipients.slice(i, i + checkedTogether).map((r) =>
        businessMayStart(deps.facts, deps.clock, business, personOf(personRow(r)), message).then(
          () => true,
          () => false,
        ),
      ),
    );
    reachable += verdicts.filter(Boolean).length;
  }
  return {
    audience: recipients.length,
    reachable,
    samples: recipients.slice(0, broadcastLimits.samples).map((r) => ({
      phone: r.phone,
      text: rendered(template, language, r.params),
      params: r.params,
    })),
    problems: problems.slice(0, broadcastLimits.problemsShown),
    unusable: problems.length,
  };
}

const personRow = (r: Recipient) => ({ id: r.personId, phone: r.phone });

/** The message as the customer reads it: header, body and footer in the language sent. */
export function rendered(
  template: Template,
  language: string | undefined,
  params: Record<string, string>,
): string {
  const r = renderTemplate(template, language ?? template.defaultLanguage, params);
  const header = r.header?.type === 'text' ? r.header.text : '';
  return [header, r.body, r.footer ?? ''].filter((part) => part.trim() !== '').join('\n\n');
}
