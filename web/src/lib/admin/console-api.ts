/**
 * The console's HTTP calls. An operator is a person signed in to the personal app, so every
 * call carries the personal app header and cookie; the server checks the operator on each one.
 */
import type {
  Announcement,
  BusinessRecord,
  CurrentTerms,
  LegalKind,
  LegalVersion,
  Me,
  NameChange,
  Report,
  Verification,
} from '@souk/sync';
import { accountRoutes, SoukError } from '@souk/sync';
import { api, call as callRoute } from '$lib/api.ts';

/** Fired when an operator call finds no session or no operator any more (signed out elsewhere, removed). */
export const accessLostEvent = 'souk-console:access-lost';

export type ReviewStatus = NameChange['status'];
export type ReportStatus = Report['status'];
export type NameRecord = { name: string; since: number };
export type Decision = 'approve' | 'reject';
export type BusinessAction = 'revoke-verification' | 'suspend' | 'restore';

async function call<T>(path: string, body?: unknown): Promise<T> {
  try {
    return await api<T>('personal', path, { body });
  } catch (error) {
    const lost =
      error instanceof SoukError && ['unauthenticated', 'forbidden'].includes(error.kind);
    if (lost && path.startsWith('/admin/') && path !== '/admin/me')
      globalThis.dispatchEvent(new Event(accessLostEvent));
    throw error;
  }
}

export const consoleApi = {
  me: () => call<{ phone: string; operator: true }>('/admin/me'),
  // Signing in and the terms are the apps' own routes (sync/src/contract/routes/account.ts).
  person: (): Promise<Me> => callRoute('personal', accountRoutes.me),
  requestCode: (phone: string) =>
    callRoute('personal', accountRoutes.requestCode, { body: { phone } }),
  verifyCode: (phone: string, code: string): Promise<Me> =>
    callRoute('personal', accountRoutes.verifyCode, {
      body: { phone, code, device: navigator.userAgent.slice(0, 120) },
    }),
  signOut: () => callRoute('personal', accountRoutes.signOut),

  terms: (): Promise<CurrentTerms> => callRoute('personal', accountRoutes.currentTerms),
  publishTerms: (kind: LegalKind, text: string) =>
    call<LegalVersion>('/admin/terms', { kind, text }),

  verifications: (status: ReviewStatus) =>
    call<Verification[]>(`/admin/verifications?status=${status}`),
  decideVerification: (id: string, decision: Decision, reason: string) =>
    call<Verification>(`/admin/verifications/${encodeURIComponent(id)}/${decision}`, { reason }),

  nameChanges: (status: ReviewStatus) => call<NameChange[]>(`/admin/name-changes?status=${status}`),
  decideNameChange: (id: string, decision: Decision, reason: string) =>
    call<NameChange>(`/admin/name-changes/${encodeURIComponent(id)}/${decision}`, { reason }),

  reports: (status: ReportStatus) => call<Report[]>(`/admin/reports?status=${status}`),
  closeReport: (id: string, reason: string) =>
    call<Report>(`/admin/reports/${encodeURIComponent(id)}/close`, { reason }),

  announcements: () => call<Announcement[]>('/admin/announcements'),
  postAnnouncement: (text: string) => call<Announcement>('/admin/announcements', { text }),

  businesses: () => call<BusinessRecord[]>('/admin/businesses'),
  business: (id: string) =>
    call<{ business: BusinessRecord; names: NameRecord[] }>(
      `/admin/businesses/${encodeURIComponent(id)}`,
    ),
  moderate: (id: string, action: BusinessAction, reason: string) =>
    call<BusinessRecord>(`/admin/businesses/${encodeURIComponent(id)}/${action}`, { reason }),
};
