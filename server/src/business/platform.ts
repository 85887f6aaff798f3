/** The business platform's services, built once per process and shared by HTTP and sync. */
import type { Db } from '../db/open.ts';
import type { Clock } from '../clock.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { ServerWrite } from '../submit/submit.ts';
import { TermsService } from './terms-service.ts';
import { BusinessService } from './business-service.ts';
import { businessGate, type BusinessGate } from './business-gate.ts';
import { MediaService } from './media-service.ts';
import { MediaMembership } from '../media/membership.ts';
import { ProfileService } from './profile-service.ts';
import { ReportService } from './report-service.ts';
import { AnnouncementService } from './announcement-service.ts';
import { TemplateService } from '../templates/template-service.ts';
import { LinkService } from '../links/link-service.ts';
import { HandleChanges } from './handle-changes.ts';
import { PersonProfiles } from '../profiles/person-profiles.ts';
import { PersonReports } from '../profiles/person-reports.ts';

export interface Platform {
  terms: TermsService;
  businesses: BusinessService;
  gate: BusinessGate;
  media: MediaService;
  profiles: ProfileService;
  reports: ReportService;
  announcements: AnnouncementService;
  templates: TemplateService;
  /** Businesses' links (`/c/<handle>`): pages, counts. */
  links: LinkService;
  handleChanges: HandleChanges;
  /** People's profiles (`person:<id>`): names checked against look-alikes, photos. */
  people: PersonProfiles;
  /** People's reports of people, for the console. */
  personReports: PersonReports;
}

/** `write`: the submit path's server-built writes (the platform writes profiles, announcements). */
export function createPlatform(
  db: Db,
  store: DocStore,
  clock: Clock,
  write: ServerWrite,
): Platform {
  const terms = new TermsService(db, clock);
  const businesses = new BusinessService(db, write, clock);
  const media = new MediaService(db, clock, new MediaMembership(db));
  return {
    terms,
    businesses,
    gate: businessGate(terms, businesses),
    media,
    profiles: new ProfileService(db, write, media),
    reports: new ReportService(db, clock),
    announcements: new AnnouncementService(store, write, clock),
    templates: new TemplateService(db, clock),
    links: new LinkService(db, store, clock, businesses.handles),
    handleChanges: new HandleChanges(db, clock, businesses.handles, businesses.names),
    people: new PersonProfiles({ db, write, media, names: businesses.names, store }),
    personReports: new PersonReports(db, clock),
  };
}
