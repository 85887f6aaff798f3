/**
 * People's reports of other people (`/api/people/reports`), from a chat's menu or a contact's
 * screen, with a reason from a closed list; operators list them in the console
 * (`/api/admin/person-reports`). Refused with a reason code: reporting yourself (400
 * `report_self`), an id that is no person (404 `no_such_person`), and more than
 * `limits.maxReportsPerWindow` within `limits.reportWindowMs` (429 `too_many_reports`).
 */
import { z } from 'zod';
import { route } from '../route.ts';

export const personReportReasons = ['spam', 'harassment', 'impersonation', 'other'] as const;
export type PersonReportReason = (typeof personReportReasons)[number];

export const reportPersonSchema = z
  .object({ personId: z.string().min(1).max(64), reason: z.enum(personReportReasons) })
  .strict();

export const personReportSchema = z.object({
  id: z.string(),
  personId: z.string(),
  /** The reported person's number and the reporter's: what an operator looks up. */
  personPhone: z.string(),
  reporter: z.string(),
  reporterPhone: z.string(),
  reason: z.enum(personReportReasons),
  createdAt: z.number(),
});
export type PersonReport = z.infer<typeof personReportSchema>;

export const personReportRoutes = {
  report: route({
    method: 'POST',
    path: '/people/reports',
    body: reportPersonSchema,
    response: personReportSchema,
    status: 201,
  }),
};
