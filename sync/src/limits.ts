/** Limits shared by client and server; the server enforces them, the app uses them to guide input. */
export const limits = {
  maxFrameBytes: 256 * 1024,
  maxMessageChars: 4096,
  maxItemsPerUpdate: 500,
  maxDocsPerSocket: 2000,
  maxSocketsPerIdentity: 10,
  deleteForEveryoneMs: 60 * 60 * 1000,
} as const;
