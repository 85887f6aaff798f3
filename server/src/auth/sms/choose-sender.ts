/** The configured SMS sender, built from its configuration (sms-config.ts). */
import type { CodeSender } from '../code-sender.ts';
import type { SenderConfig } from './sms-config.ts';
import { TwilioSender } from './twilio-sender.ts';
import { VonageSender } from './vonage-sender.ts';
import { WebhookSender } from './webhook-sender.ts';

export function smsSender(config: SenderConfig): CodeSender {
  switch (config.kind) {
    case 'webhook':
      return new WebhookSender(config);
    case 'twilio':
      return new TwilioSender(config);
    case 'vonage':
      return new VonageSender(config);
  }
}
