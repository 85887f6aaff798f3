/** Graceful shutdown of the sync sockets (server.ts). */
import type { WebSocketServer } from 'ws';

/** Closes every socket with 1001; those that do not finish the close handshake soon are cut. */
export async function closeSockets(wss: WebSocketServer, graceMs = 2000): Promise<void> {
  for (const ws of wss.clients) ws.close(1001, 'server shutting down');
  const closed = new Promise<void>((resolve) => wss.close(() => resolve()));
  const timer = setTimeout(() => wss.clients.forEach((ws) => ws.terminate()), graceMs);
  await closed;
  clearTimeout(timer);
}
