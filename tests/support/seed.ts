/**
 * Conversations written through the real submit path (validator and consent included): the
 * platform's participants and members, then one person's messages as their own update.
 */
import { appendText, initConversation, platformActor, type Participant } from '@souk/sync';
import type { RunningServer } from '@souk/server';

export async function seedChat(
  server: RunningServer,
  name: string,
  participants: Participant[],
  members: string[],
  author: string,
  texts: string[],
): Promise<void> {
  const init = await server.submit.write(
    name,
    platformActor,
    (doc) => initConversation(doc, 'private', participants),
    { members: { doc: name, ids: members } },
  );
  const sent = await server.submit.write(name, { id: author, kind: 'person' }, (doc) =>
    texts.forEach((text) => appendText(doc, author, text, Date.now())),
  );
  for (const { result } of [init, sent])
    if (result.kind === 'refused') throw new Error(`seeding ${name}: ${result.reason}`);
}
