/**
 * The message a `POST /api/v1/messages` request asks for: a text, a location, a contact card or a
 * media kind by media id (sync/src/kinds/), or a template rendered as the template renders and
 * checked like any (checkTemplateMessage). What the schema refuses is the caller's problem (400),
 * with the path of the field.
 */
import type { z } from 'zod';
import {
  refusalError,
  checkTemplateMessage,
  everydayContentOf,
  messageSchema,
  templateMessageReason,
  fallbackText,
  SoukError,
  templateMessageSchema,
  textMessageSchema,
  type ApiMessage,
  type Message,
  type SendMessage,
  type Template,
} from '@souk/sync';

export function buildMessage(
  id: string,
  author: string,
  body: SendMessage,
  template: Template | null,
  now: number,
): Message {
  if (!template) {
    const content = everydayContentOf(body);
    if (content)
      return valid(messageSchema, { ...content, id, author, n: 1, at: now }, content.kind);
    return valid(textMessageSchema, { id, author, n: 1, at: now, kind: 'text', text: body.text });
  }
  const params = body.template!.parameters;
  const language = body.template!.language;
  const message = valid(templateMessageSchema, {
    id,
    author,
    n: 1,
    at: now,
    kind: 'template',
    template: template.name,
    version: template.version,
    category: template.category,
    params,
    fallback: fallbackText(template, params),
    ...(language !== 'auto' ? { language } : {}),
  });
  const problem = checkTemplateMessage(message, template);
  if (problem)
    throw new SoukError('bad_request', `Template parameters: ${problem}.`, {
      reason: 'parameters',
    });
  // A value with a newline or over 100 characters, or an old version against the rules.
  const reason = templateMessageReason(message, template);
  if (reason) throw refusalError('bad_request', { code: reason });
  return message;
}

/** A message the schema refuses (a fallback too long, say) is the caller's problem: 400. */
function valid<T extends z.ZodType>(schema: T, value: unknown, under?: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.join('.');
    throw new SoukError('bad_request', parsed.error.issues[0]?.message ?? 'Invalid message.', {
      reason: 'message',
      // The field as the request names it (`location.lat`), not as the message does.
      path: under && path ? `${under}.${path}` : path,
    });
  }
  return parsed.data;
}

/** The kind of message a request sends (the schema lets it name exactly one). */
export function apiKindOf(body: SendMessage): ApiMessage['kind'] {
  if (body.template) return 'template';
  return everydayContentOf(body)?.kind ?? 'text';
}
