/**
 * How each screen is laid out on a phone (a desktop shows the chat list beside every screen): the
 * "list" is the home screen; a "chat" fills the phone on its own (no tab bar); every other screen
 * is a "page", in place of the list, with the tab bar.
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
