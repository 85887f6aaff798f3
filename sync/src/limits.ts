/** Limits shared by client and server; the server enforces them, the app uses them to guide input. */
export const limits = {
  maxFrameBytes: 256 * 1024,
  maxMessageChars: 4096,
  maxItemsPerUpdate: 500,
  /** Structs (items, deleted runs, GC runs) one update may carry, stored ones included. */
  maxStructsPerUpdate: 1000,
  /** Delete-set ranges one update may carry (sorted, disjoint). */
  maxDeleteRangesPerUpdate: 1000,
  /** Yjs client ids an update may introduce to a document. */
  maxNewClientsPerUpdate: 1,
  /** Yjs client ids one identity's devices may bind in one document (server-built writes aside). */
  maxClientsPerIdentity: 64,
  /** A conversation epoch rolls over once its stored content reaches this (or its message count). */
  maxEpochBytes: 128 * 1024,
  maxDocsPerSocket: 2000,
  maxSocketsPerIdentity: 10,
  /** "Delete for everyone": up to 48 hours after the server received the message. */
  deleteForEveryoneMs: 48 * 60 * 60 * 1000,
  /** An edit: up to 15 minutes after the server received the message. */
  editWindowMs: 15 * 60 * 1000,
  /** Chats one forward may copy a message into. */
  maxForwardChats: 5,
  /**
   * What "at once" means on the server: copies of one message forwarded into more than
   * `maxForwardChats` chats within this long are refused (server/src/submit/forward-limit.ts).
   */
  forwardWindowMs: 60 * 1000,
  /** Reports of people one person may file within `reportWindowMs` (server/src/profiles/person-reports.ts). */
  maxReportsPerWindow: 10,
  reportWindowMs: 60 * 60 * 1000,
} as const;
