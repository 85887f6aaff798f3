/** Who is acting: a person, a business, or the platform itself (console operators, the server). */
export type ActorKind = 'person' | 'business' | 'platform';

export interface Actor {
  id: string;
  kind: ActorKind;
}

/** The platform's own identity, used for server-written fields such as conversation participants. */
export const platformActor: Actor = { id: 'platform', kind: 'platform' };
