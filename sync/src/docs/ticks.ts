/** The ticks of an outgoing message, from the server's state vector and the peer's receipt. */
import type { MessageEntry, Receipt } from './conversation.ts';

export type Tick = 'pending' | 'stored' | 'delivered' | 'read';

/**
 * The tick of an outgoing message: ✓ once the server's state vector covers its item, ✓✓ when the
 * other party's delivered watermark reaches it, blue ✓✓ when their read watermark does.
 */
export function tickOf(
  entry: MessageEntry,
  serverState: Map<number, number>,
  peerReceipt: Receipt | undefined,
): Tick {
  if (peerReceipt && peerReceipt.r >= entry.message.n) return 'read';
  if (peerReceipt && peerReceipt.d >= entry.message.n) return 'delivered';
  if ((serverState.get(entry.client) ?? 0) > entry.clock) return 'stored';
  return 'pending';
}
