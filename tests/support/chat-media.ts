/**
 * The everyday kinds' samples (sync/src/kinds/samples.ts) naming media a message may carry: a real
 * photo uploaded into the chat, since the server refuses an unknown or another chat's media id
 * (`foreign_media`) whatever the kind.
 */
import sharp from 'sharp';
import { parseDocName } from '@souk/sync';
import { kindSamples } from '@souk/sync/testing';
import type { SignedIn } from './people.ts';
import type { App, Reply } from './platform.ts';

type Call = (
  who: SignedIn,
  app: App,
  method: string,
  path: string,
  body: undefined,
  init: { type: string; raw: Blob },
) => Promise<Reply>;

export async function kindSamplesIn(
  call: Call,
  who: SignedIn,
  app: App,
  doc: string,
): Promise<typeof kindSamples> {
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();
  const chat = parseDocName(doc)!.id;
  const reply = await call(who, app, 'POST', `/media/images?chat=${chat}`, undefined, {
    type: 'image/jpeg',
    raw: new Blob([new Uint8Array(jpeg)]),
  });
  if (reply.status !== 201) throw new Error(`upload refused: ${JSON.stringify(reply.body)}`);
  const id = /^\/media\/([A-Za-z0-9_-]+)\./.exec(reply.body.url as string)![1]!;
  const withMedia = (sample: object) =>
    Object.fromEntries(
      Object.entries(sample).map(([field, value]) => [
        field,
        ['media', 'poster', 'preview'].includes(field) ? id : value,
      ]),
    );
  return Object.fromEntries(
    Object.entries(kindSamples).map(([kind, sample]) => [kind, withMedia(sample)]),
  ) as typeof kindSamples;
}
