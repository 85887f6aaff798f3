/** The console's sections, in the order the navigation shows them. */
import { resolve } from '$app/paths';
import type { ConsoleKey } from './i18n/index.ts';

export interface Section {
  href: string;
  label: ConsoleKey;
}

export const sections: Section[] = [
  { href: resolve('/admin'), label: 'nav.verifications' },
  { href: resolve('/admin/name-changes'), label: 'nav.nameChanges' },
  { href: resolve('/admin/handle-changes'), label: 'nav.handleChanges' },
  { href: resolve('/admin/reports'), label: 'nav.reports' },
  { href: resolve('/admin/businesses'), label: 'nav.businesses' },
  { href: resolve('/admin/announcements'), label: 'nav.announcements' },
  { href: resolve('/admin/terms'), label: 'nav.terms' },
  { href: resolve('/admin/stats'), label: 'nav.stats' },
];

/** The section a path belongs to, if any. */
export function sectionOf(pathname: string): Section | undefined {
  const path = pathname.replace(/\/$/, '');
  return sections.find((section) => section.href === path);
}
