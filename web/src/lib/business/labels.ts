/** Display names of shared enums, through the message catalogue. */
import type { BusinessCategory, Weekday } from '@souk/sync';
import { t } from '$lib/i18n/index.svelte.ts';

export const categoryLabel = (category: BusinessCategory): string => t(`category.${category}`);
export const weekdayLabel = (day: Weekday): string => t(`weekday.${day}`);
