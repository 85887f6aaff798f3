/** The console's sections, in the order the navigation shows them. */
import type { Component } from 'svelte';
import { resolve } from '$app/paths';
import BadgeCheck from '@lucide/svelte/icons/badge-check';
import PenLine from '@lucide/svelte/icons/pen-line';
import Flag from '@lucide/svelte/icons/flag';
import Store from '@lucide/svelte/icons/store';
import Megaphone from '@lucide/svelte/icons/megaphone';
import FileText from '@lucide/svelte/icons/file-text';
import ChartColumn from '@lucide/svelte/icons/chart-column';
import AtSign from '@lucide/svelte/icons/at-sign';
import type { ConsoleKey } from './i18n/index.ts';

export interface Section {
  href: string;
  label: ConsoleKey;
  icon: Component;
}

export const sections: Section[] = [
  { href: resolve('/admin'), label: 'nav.verifications', icon: BadgeCheck },
  { href: resolve('/admin/name-changes'), label: 'nav.nameChanges', icon: PenLine },
  { href: resolve('/admin/handle-changes'), label: 'nav.handleChanges', icon: AtSign },
  { href: resolve('/admin/reports'), label: 'nav.reports', icon: Flag },
  { href: resolve('/admin/businesses'), label: 'nav.businesses', icon: Store },
  { href: resolve('/admin/announcements'), label: 'nav.announcements', icon: Megaphone },
  { href: resolve('/admin/terms'), label: 'nav.terms', icon: FileText },
  { href: resolve('/admin/stats'), label: 'nav.stats', icon: ChartColumn },
];

/** The section a path belongs to, if any. */
export function sectionOf(pathname: string): Section | undefined {
  const path = pathname.replace(/\/$/, '');
  return sections.find((section) => section.href === path);
}
