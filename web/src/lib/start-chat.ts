/**
 * Starting a chat (with a person, a business, or through a business's link) asks the server (it checks who may write to whom). Loaded when a chat is
 * started, so the first screen ships without this route's schemas.
 */
import { accountRoutes, linkRoutes, type App } from '@souk/sync';
import { call } from './api.ts';

export async function startChatDoc(
  app: App,
  who: { phone: string } | { businessId: string },
): Promise<string> {
  return (await call(app, accountRoutes.startChat, { body: who })).doc;
}

/** The chat with the business behind a link's handle (the link counts it). */
export async function linkChatDoc(app: App, handle: string): Promise<string> {
  return (await call(app, linkRoutes.chat, { params: { handle } })).doc;
}
