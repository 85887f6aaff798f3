/**
 * What the service worker makes of a push. The worker stays small, so this reads the payload
 * without zod or the rest of @souk/sync; notification.test.ts checks it agrees with sync's
 * `pushPayloadSchema` and `chatPath`, the definitions the server writes by.
 */
import { appAt } from '../app-at.ts';

export interface PushNotice {
  title: string;
  body: string;
  /** Groups the notifications of one conversation. */
  tag: string;
  /** The chat to open: `/chat/<id>` or `/business/chat/<id>`. */
  url: string;
}

const conversation = /^conv:([A-Za-z0-9_-]{1,64})(?:~[1-9]\d{0,6})?$/;

export function readPushNotice(data: unknown): PushNotice | null {
  if (typeof data !== 'object' || data === null) return null;
  const { doc, app, title, body } = data as Record<string, unknown>;
  if (typeof doc !== 'string' || typeof title !== 'string' || typeof body !== 'string') return null;
  if (app !== 'personal' && app !== 'business') return null;
  const id = conversation.exec(doc)?.[1];
  if (!id) return null;
  return {
    title: title.slice(0, 64) || 'Souk',
    body: body.slice(0, 160),
    tag: `conv:${id}`,
    url: app === 'business' ? `/business/chat/${id}` : `/chat/${id}`,
  };
}

export type ClickAction =
  { kind: 'focus'; index: number } | { kind: 'navigate'; index: number } | { kind: 'open' };

/**
 * A click on a notification for `url`: focus a window already showing that chat, else take over
 * a window of the same app (personal or business) and go there, else open a new window.
 */
export function clickAction(windowUrls: string[], url: string): ClickAction {
  const paths = windowUrls.map((u) => new URL(u).pathname);
  const showing = paths.indexOf(url);
  if (showing >= 0) return { kind: 'focus', index: showing };
  const sameApp = paths.findIndex((path) => appAt(path) === appAt(url));
  return sameApp >= 0 ? { kind: 'navigate', index: sameApp } : { kind: 'open' };
}
