/** Every described route, by group: for tests that check the server serves exactly these. */
import type { Route } from '../route.ts';
import { accountRoutes, devRoutes } from './account.ts';
import { adminRoutes } from './admin.ts';
import { businessRoutes, directoryRoutes } from './business.ts';
import { businessApiDocRoutes, businessApiRoutes } from './business-api.ts';
import { apiSettingsRoutes, pushRoutes } from './settings.ts';
import { statsRoutes, templateRoutes } from './templates-stats.ts';
import { uploadRoutes } from './uploads.ts';
import { yjsRoutes } from './yjs.ts';
import { opsRoutes } from './ops.ts';
import { linkRoutes } from './links.ts';
import { customerRoutes } from './customers.ts';
import { profileRoutes } from './profile.ts';
import { personReportRoutes } from './person-reports.ts';
import { messageRoutes } from './messages.ts';

export const routeGroups = {
  accountRoutes,
  devRoutes,
  adminRoutes,
  businessRoutes,
  directoryRoutes,
  businessApiRoutes,
  businessApiDocRoutes,
  apiSettingsRoutes,
  pushRoutes,
  statsRoutes,
  templateRoutes,
  uploadRoutes,
  yjsRoutes,
  opsRoutes,
  linkRoutes,
  customerRoutes,
  profileRoutes,
  personReportRoutes,
  messageRoutes,
};

export const allRoutes: Route[] = Object.values(routeGroups).flatMap((group) =>
  Object.values(group),
);
