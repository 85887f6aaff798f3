/**
 * A customer's name, for a broadcast's `{{name}}`: the seam between broadcasts and people's
 * profiles. People have no profile name on the server yet (person profiles are being added);
 * until then no customer has one, and a broadcast takes names from the shop's CSV or its shared
 * value. When profiles land, `profileNames` reads them here — one batch per page of customers —
 * and nothing else in broadcasts changes.
 */
export type CustomerNames = (personIds: readonly string[]) => Promise<Map<string, string>>;

/** Person id → the name on their profile, for those who have one. */
export const profileNames: CustomerNames = async () => new Map();

/** The template parameter a customer's profile name fills. */
export const nameParameter = 'name';
