/**
 * Starting a chat asks the server (it checks who may write to whom). Loaded when a chat is
 * started, so the first screen ships without this route's schemas.
 */
import { accountRoutes, type App } from '@souk/sync';
import { call } from './api.ts';

export async function startChatDoc(
  app: App,
  who: { phone: string } | { businessId: string },
): Promise<string> {
  return (await call(app, accountRoutes.startChat, { body: who })).doc;
}
