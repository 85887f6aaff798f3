/**
 * The console's HTTP calls. An operator is a person signed in to the personal app, so every
 * call carries the personal app header and cookie; the server checks the operator on each one.
 */
import type { CurrentTerms, LegalKind, Me, NameChange, Report } from '@souk/sync';
import { accountRoutes, adminRoutes, linkRoutes, SoukError, type ReviewDecision } from '@souk/sync';
import { call } from '$lib/api.ts';

/** Fired when an operator call finds no session or no operator any more (signed out elsewhere, removed). */
export const accessLostEvent = 'souk-console:access-lost';

export type ReviewStatus = NameChange['status'];
export type ReportStatus = Report['status'];
export type NameRecord = { name: string; since: number };
export type Decision = ReviewDecision;
export type BusinessAction = 'revoke-verification' | 'suspend' | 'restore';

const moderation = {
  'revoke-verification': adminRoutes.revokeVerification,
  suspend: adminRoutes.suspend,
  restore: adminRoutes.restore,
} as const;

/** An operator call; losing the session or the operator role on the way tells the console. */
async function watched<T>(answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    const lost =
      error instanceof SoukError && ['unauthenticated', 'forbidden'].includes(error.kind);
    if (lost) globalThis.dispatchEvent(new Event(accessLostEvent));
    throw error;
  }
}

const routes = adminRoutes;

export const consoleApi = {
  // Asking who we are is how the console learns it, so it loses nothing here.
  me: () => call('personal', routes.me),
  // Signing in and the terms are the apps' own routes (sync/src/contract/routes/account.ts).
  person: (): Promise<Me> => call('personal', accountRoutes.me),
  requestCode: (phone: string) => call('personal', accountRoutes.requestCode, { body: { phone } }),
  verifyCode: (phone: string, code: string): Promise<Me> =>
    call('personal', accountRoutes.verifyCode, {
      body: { phone, code, device: navigator.userAgent.slice(0, 120) },
    }),
  signOut: () => call('personal', accountRoutes.signOut),

  terms: (): Promise<CurrentTerms> => call('personal', accountRoutes.currentTerms),
  publishTerms: (kind: LegalKind, text: string) =>
    watched(call('personal', routes.publishTerms, { body: { kind, text } })),

  verifications: (status: ReviewStatus) =>
    watched(call('personal', routes.verifications, { query: { status } })),
  decideVerification: (id: string, decision: Decision, reason: string) =>
    watched(
      call('personal', routes.decideVerification, {
        params: { id, decision },
        body: { reason },
      }),
    ),

  nameChanges: (status: ReviewStatus) =>
    watched(call('personal', routes.nameChanges, { query: { status } })),
  decideNameChange: (id: string, decision: Decision, reason: string) =>
    watched(
      call('personal', routes.decideNameChange, { params: { id, decision }, body: { reason } }),
    ),

  handleChanges: (status: ReviewStatus) =>
    watched(call('personal', linkRoutes.handleChanges, { query: { status } })),
  decideHandleChange: (id: string, decision: Decision, reason: string) =>
    watched(
      call('personal', linkRoutes.decideHandleChange, {
        params: { id, decision },
        body: { reason },
      }),
    ),

  reports: (status: ReportStatus) =>
    watched(call('personal', routes.reports, { query: { status } })),
  closeReport: (id: string, reason: string) =>
    watched(call('personal', routes.closeReport, { params: { id }, body: { reason } })),
  personReports: () => watched(call('personal', routes.personReports)),

  announcements: () => watched(call('personal', routes.announcements)),
  postAnnouncement: (text: string) =>
    watched(call('personal', routes.postAnnouncement, { body: { text } })),

  businesses: () => watched(call('personal', routes.businesses)),
  business: (id: string) => watched(call('personal', routes.business, { params: { id } })),
  moderate: (id: string, action: BusinessAction, reason: string) =>
    watched(call('personal', moderation[action], { params: { id }, body: { reason } })),
};
