/** Template categories, shared by the template validators and the delivery rules. */
import { z } from 'zod';

export const templateCategories = ['utility', 'marketing', 'authentication'] as const;
export const templateCategorySchema = z.enum(templateCategories, {
  error: 'The category must be utility, marketing or authentication.',
});
export type TemplateCategory = z.infer<typeof templateCategorySchema>;
