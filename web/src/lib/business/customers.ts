/**
 * The business's opted-in customers, asked of the server a page at a time (loaded with the New
 * chat screen, so the inbox ships without these schemas). Starting a chat with one goes through
 * AppState.startCustomerChat, which opens the chat on the device.
 */
import { customerRoutes, type CustomerPage, type CustomerSearchQuery } from '@souk/sync';
import { call } from '$lib/api.ts';

export function searchCustomers(query: CustomerSearchQuery): Promise<CustomerPage> {
  return call('business', customerRoutes.search, { query });
}

/** The chat with an opted-in customer (started, or the one they have); refused otherwise. */
export async function customerChatDoc(id: string): Promise<string> {
  return (await call('business', customerRoutes.startChat, { params: { id } })).doc;
}
