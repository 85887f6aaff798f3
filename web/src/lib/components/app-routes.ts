/**
 * How each screen is laid out. A "chat" screen sits beside the chat list on a desktop and fills a
 * phone on its own (no tab bar); the "list" is the home screen; every other screen is a "page",
 * full width, with the tab bar on a phone.
 */
export type ScreenKind = 'list' | 'chat' | 'page';

const listRoutes = new Set(['/(personal)', '/business']);
const chatRoutes = new Set([
  '/(personal)/chat/[id]',
  '/business/chat/[id]',
  '/business/announcements',
]);

export function screenKind(routeId: string | null): ScreenKind {
  if (routeId === null || listRoutes.has(routeId)) return 'list';
  return chatRoutes.has(routeId) ? 'chat' : 'page';
}
