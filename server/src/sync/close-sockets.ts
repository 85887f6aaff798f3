/** Graceful shutdown of the sync sockets (server.ts). */
import type { WebSocketServer } from 'ws';
import type { LiveSockets } from '../http/live-sockets.ts';

/**
 * Closes every socket with 1001; those that do not finish the close handshake soon are cut.
 * `wss` stops taking upgrades (one still under way is refused with 503).
 */
export async function closeSockets(
  wss: WebSocketServer,
  sockets: LiveSockets,
  graceMs = 2000,
): Promise<void> {
  for (const ws of sockets.sockets()) ws.close(1001, 'server shutting down');
  wss.close();
  const timer = setTimeout(() => {
    for (const ws of sockets.sockets()) ws.terminate();
  }, graceMs);
  await sockets.drained();
  clearTimeout(timer);
}
