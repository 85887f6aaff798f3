/**
 * An upload's own refusals (the raw body of an upload route, contract/route.ts): part of the one
 * closed list in codes.ts, kept here so that file stays short.
 */
export const uploadReasons = [
  /** The content type is not one the route takes (details.types). */
  'upload_type',
  /** More bytes than the route takes (details.megabytes, details.limit in bytes). */
  'upload_too_large',
  /** No bytes at all. */
  'upload_empty',
  /** The bytes are not a JPEG, PNG or WebP image, whatever the content type said. */
  'not_an_image',
  /** Uploads for a chat come only from its members. */
  'not_a_member',
  /** A resumable upload names no known kind (details.kinds). */
  'upload_kind',
  /** A resumable upload must declare its length up front (the kind's limit is checked on it). */
  'upload_length_required',
  /** The finished file is not what its kind takes (a photo that is not an image). */
  'upload_content',
] as const;
