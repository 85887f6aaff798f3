/**
 * A person's own profile (`/api/profile`): the display name and about line, the photo. Each
 * change is written into their `person:<id>` document by the server, which is what others read
 * (docs/person-profile.ts). A name that passes for the platform's or a verified business's is
 * refused (409, `name_impersonates_platform` / `name_impersonates_verified`); one that breaks the
 * name's own rules with 400 and the rule's code (`too_long`, `character`, `link`, …).
 */
import { z } from 'zod';
import { photoUpload } from '../../business/platform-api.ts';
import { personProfileSchema, personProfileUpdateSchema } from '../../docs/person-profile.ts';
import { route } from '../route.ts';

export const profileRoutes = {
  me: route({ method: 'GET', path: '/profile', response: personProfileSchema }),
  update: route({
    method: 'PUT',
    path: '/profile',
    body: personProfileUpdateSchema,
    response: personProfileSchema,
  }),
  /** The body is the photo itself (JPEG, PNG or WebP, at most 5 MB), not JSON. */
  setPhoto: route({
    method: 'POST',
    path: '/profile/photo',
    upload: photoUpload,
    response: z.object({ photo: z.string() }),
  }),
  removePhoto: route({
    method: 'DELETE',
    path: '/profile/photo',
    response: z.object({ removed: z.boolean() }),
  }),
};
