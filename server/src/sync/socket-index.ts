/**
 * Who is connected, indexed the two ways the fan-out asks: by identity (members of a document's
 * head) and by document (sockets that opened it explicitly). A committed update then costs work
 * for its recipients only, not a scan of every connection on the process.
 *
 * An identity's sockets (at most `limits.maxSocketsPerIdentity`) are a small array of exactly
 * their number, replaced whole when one comes or goes (`concat`, `toSpliced`: a spread or `filter`
 * would leave spare room): a `Set` of one or two cost some 200 bytes per connected person, the
 * array 56 or 64.
 */

/** What the index needs of a socket: whose it is. */
export interface Indexed {
  readonly identity: string;
}

export class SocketIndex<C extends Indexed> {
  private readonly byIdentity = new Map<string, readonly C[]>();
  private readonly byDoc = new Map<string, Set<C>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** How many sockets `identity` has open. */
  countOf(identity: string): number {
    return this.byIdentity.get(identity)?.length ?? 0;
  }

  /** The identities with a socket open. */
  identities(): Iterable<string> {
    return this.byIdentity.keys();
  }

  add(socket: C): void {
    const sockets = this.byIdentity.get(socket.identity);
    if (sockets?.includes(socket)) return;
    this.byIdentity.set(socket.identity, sockets ? sockets.concat([socket]) : [socket]);
    this.count++;
  }

  /**
   * Records that `socket` opened `doc` explicitly; ignored once the socket is removed (a frame
   * still in flight when it closed must not leave it in the index).
   */
  opened(doc: string, socket: C): void {
    if (!this.byIdentity.get(socket.identity)?.includes(socket)) return;
    const sockets = this.byDoc.get(doc);
    if (sockets) sockets.add(socket);
    else this.byDoc.set(doc, new Set([socket]));
  }

  /** Forgets `socket`, which opened `docs`. */
  remove(socket: C, docs: Iterable<string>): void {
    const sockets = this.byIdentity.get(socket.identity);
    const at = sockets?.indexOf(socket) ?? -1;
    if (!sockets || at < 0) return;
    this.count--;
    if (sockets.length === 1) this.byIdentity.delete(socket.identity);
    else this.byIdentity.set(socket.identity, sockets.toSpliced(at, 1));
    for (const doc of docs) {
      const openers = this.byDoc.get(doc);
      if (openers?.delete(socket) && openers.size === 0) this.byDoc.delete(doc);
    }
  }

  /**
   * Visits every socket that gets an update of `doc` once: those of its `members` (`member`
   * true), then those that opened it without being a member (`member` false).
   */
  forEachRecipient(
    doc: string,
    members: ReadonlySet<string>,
    visit: (socket: C, member: boolean) => void,
  ): void {
    if (members.size <= this.byIdentity.size) {
      for (const identity of members) {
        const sockets = this.byIdentity.get(identity);
        if (sockets) for (const socket of sockets) visit(socket, true);
      }
    } else {
      for (const [identity, sockets] of this.byIdentity) {
        if (members.has(identity)) for (const socket of sockets) visit(socket, true);
      }
    }
    const openers = this.byDoc.get(doc);
    if (!openers) return;
    for (const socket of openers) if (!members.has(socket.identity)) visit(socket, false);
  }

  /** Every socket (shutdown, revoked sessions: rare, so a scan). */
  *all(): IterableIterator<C> {
    for (const sockets of this.byIdentity.values()) yield* sockets;
  }
}
