/**
 * Who writes a person's profile (`person:<personId>`, docs/person-profile.ts): the name and photo
 * only the platform (the server checked the name against look-alikes and made the photo); the
 * about line its person or the platform; nobody else anything. Every value is checked on its own.
 */
import type { DocRules, RuleRefusal, WriteContext } from './rules.ts';
import {
  checkPersonField,
  isPersonProfileKey,
  platformPersonKeys,
} from '../docs/person-profile.ts';

const platformFields = new Set<string>(platformPersonKeys);

function mayEdit(key: string, { actor, name }: WriteContext): RuleRefusal | null {
  if (actor.kind === 'platform') return null;
  if (actor.kind !== 'person' || actor.id !== name.id) return { code: 'not_owner' };
  return platformFields.has(key) ? { code: 'platform_only', details: { field: key } } : null;
}

export const personRules: DocRules = {
  set({ root, key, value }, ctx) {
    if (root !== 'person' || key === null)
      return { code: 'unknown_field', details: { field: root } };
    if (!isPersonProfileKey(key)) return { code: 'unknown_field', details: { field: key } };
    const refusal = mayEdit(key, ctx);
    if (refusal || value === undefined) return refusal;
    const issue = checkPersonField(key, value);
    return issue === null ? null : { code: 'invalid_value', details: { field: key, issue } };
  },
  remove({ root, key }, ctx) {
    if (root !== 'person' || key === null)
      return { code: 'unknown_field', details: { field: root } };
    return mayEdit(key, ctx);
  },
};
