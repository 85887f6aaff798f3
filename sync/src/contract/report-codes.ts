/**
 * Why a person's report of another person is refused (server/src/profiles/person-reports.ts):
 * part of the one closed list in codes.ts, kept here so that file stays short.
 */
export const personReportRefusals = [
  /** A person reporting themselves. */
  'report_self',
  /** No person with this id (a business is reported through its page). */
  'no_such_person',
  /** More reports than one person may file within the window (details.max, details.windowMs). */
  'too_many_reports',
] as const;
