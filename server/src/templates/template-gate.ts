/**
 * Template messages on the sync path: before the consent rules judge a template message as a
 * template (which may go where free-form text may not), it must be genuine — a published version
 * of the sender's own template, rendered as that template renders (check-message.ts) — and it
 * must meet WhatsApp's structure rules (structure.ts), each refusal with its own reason code.
 * Wraps the consent gate; other updates pass straight through to it.
 */
import {
  checkTemplateMessage,
  reasonMessages,
  templateMessageReason,
  type TemplateMessage,
} from '@souk/sync';
import type { DeliveryGate } from '../consent/delivery-gate.ts';
import { messagesIn } from '../consent/messages-in.ts';
import type { TemplateService } from './template-service.ts';
import type { Logger } from '../logger.ts';

export function templateGate(
  templates: TemplateService,
  next: DeliveryGate,
  logger: Logger,
): DeliveryGate {
  return async (doc, update, actor) => {
    // Only the sender's own messages: a device's update may carry back others' messages the
    // server already has, and one in someone else's name is refused by the validator anyway.
    const sent = messagesIn(update).filter(
      (m): m is TemplateMessage => m.kind === 'template' && m.author === actor.id,
    );
    for (const message of sent) {
      const template =
        actor.kind === 'business'
          ? await templates.get(actor.id, message.template, message.version)
          : null;
      const problem = checkTemplateMessage(message, template);
      if (problem) {
        logger.info({ doc, template: message.template, problem }, 'template message refused');
        return {
          ok: false,
          reason: 'template_mismatch',
          message: reasonMessages.template_mismatch,
        };
      }
      // Genuine, but against WhatsApp's structure rules (a value with a newline, say).
      const reason = templateMessageReason(message, template!);
      if (reason) return { ok: false, reason, message: reasonMessages[reason] };
    }
    return next(doc, update, actor);
  };
}
