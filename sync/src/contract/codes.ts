/**
 * The one closed list of everything a refusal can say, shared by the server and every client:
 * WebSocket close codes, error kinds (the category: what to do, and the HTTP status) and reason
 * codes (exactly which rule refused). Apps translate the reason code; tests assert it. A sentence
 * travels too (`message`), in English, for logs and third-party clients — never to branch on.
 *
 * Adding a code is a protocol change a client may not know yet: a v2 client decodes a code it
 * does not know as `unknown` and shows its generic refusal (see docs/protocol.md).
 */
import { uploadReasons } from './upload-codes.ts';
import { personReportRefusals } from './report-codes.ts';

export { personReportRefusals, uploadReasons };

/** WebSocket close codes of the sync socket (4000–4999 is the application range). */
export const closeCodes = {
  /** A frame was not exactly one valid frame (or was text). */
  malformed: 4400,
  /** No valid session, or the session was revoked. */
  signedOut: 4401,
  /** The peer stopped reading: more than the limit waited to be sent (server/src/sync/socket-guard.ts). */
  slowReader: 4408,
  /** A flood: more frames waited to be handled than the limit. */
  flood: 4413,
  /** The peer kept sending frames the server refuses. */
  tooManyRefusals: 4422,
  /** The client's protocol version is below the server's minimum: update the app. */
  tooOld: 4426,
  /** Too many sockets for this identity. */
  tooMany: 4429,
} as const;
export type CloseCode = (typeof closeCodes)[keyof typeof closeCodes];

/** The category of a refusal: how a client reacts, and the HTTP status (server/src/errors.ts). */
export const errorKinds = [
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'too_large',
  'invalid_code',
  'code_expired',
  'too_many_attempts',
  'not_on_souk',
  /** The update validator refused a change (code: which rule). */
  'refused_update',
  /** The consent rules do not let a message through (code: which rule). */
  'not_delivered',
  'unknown_document',
  'limit_exceeded',
  'version_too_old',
  /** A service the server depends on did not answer in time (an SMS sender): try again. */
  'unavailable',
  'internal',
] as const;
export type ErrorKind = (typeof errorKinds)[number];

/** The consent rules' reasons, in the order `mayDeliver` checks them (sync/src/policy/messaging.ts). */
export const consentReasons = [
  'business_suspended',
  'blocked_by_recipient',
  'blocked_recipient',
  'business_to_business',
  'outside_window',
  'business_messages_off',
  'not_opted_in',
] as const;

/**
 * A template's structure and its parameter values (WhatsApp's rules, sync/src/templates/
 * structure.ts): refused when a template is published and when a template message is sent.
 */
export const templateReasons = [
  /** The body has fewer than three words of fixed text. */
  'template_few_words',
  /** The body starts or ends with a parameter. */
  'template_parameter_at_edge',
  /** A parameter value holds a newline or a tab. */
  'parameter_has_newline',
  /** A parameter value is longer than 100 characters. */
  'parameter_too_long',
] as const;

/** The update validator's reasons (sync/src/validator/). */
export const validatorReasons = [
  'malformed_update',
  'update_has_gaps',
  'missing_dependencies',
  'client_id_taken',
  'nested_type',
  'unsupported_content',
  'too_many_changes',
  /** More structs, or delete-set ranges, than one update may carry (details.max). */
  'too_many_structs',
  'too_many_deletions',
  /** More than one Yjs client id new to the document in one update (details.max). */
  'too_many_new_clients',
  /** The identity's devices bound as many client ids in the document as allowed (details.max). */
  'too_many_clients',
  'head_only_field',
  'wrong_field_type',
  'unknown_field',
  'server_field',
  'invalid_value',
  /** More chats pinned than allowed (details.max) in the preferences document. */
  'too_many_pins',
  'invalid_message',
  'system_message',
  /** The server (as the platform) writes only system messages. */
  'platform_system_only',
  /** A conversation's participants and kind are written once. */
  'participants_fixed',
  /** A conversation's current epoch only moves forward. */
  'epoch_backwards',
  'not_author',
  'time_in_future',
  'not_own_receipt',
  'invalid_receipt',
  'receipt_backwards',
  'receipt_removed',
  'invalid_tombstone',
  'tombstone_removed',
  'no_such_message',
  /** A tombstone's id names more than one message (stored before ids were unique): nobody's. */
  'ambiguous_message',
  'delete_too_late',
  /** A message id already in the conversation (any epoch): a message is never replaced. */
  'duplicate_message',
  /** A message names media that is not an upload of this conversation (details.media). */
  'foreign_media',
  /** The server's receive time of a message is written once. */
  'receive_time_fixed',
  /** An epoch the conversation left more than a week ago (or before records of it began). */
  'epoch_closed',
  /** More late items into a left epoch than one identity may write. */
  'epoch_late_limit',
  'message_removed',
  'removal_not_allowed',
  'platform_only',
  'not_owner',
  /** A reaction that is not one emoji (or `null`) under `<messageId>/<personId>`, or to a system message. */
  'invalid_reaction',
  /** A reaction written in someone else's name. */
  'not_reactor',
  /** An edit of the wrong shape, or of a message that is not text. */
  'invalid_edit',
  /** An edit written in someone else's name (`by`). */
  'not_editor',
  /** An edit of someone else's message. */
  'edit_not_author',
  /** An edit more than 15 minutes after the server received the message. */
  'edit_too_late',
  /** A reaction, edit or quote of a message deleted for everyone. */
  'message_deleted',
  /** A reply naming a message that is not in this conversation (details.id). */
  'reply_not_found',
  /** A reply whose author or snapshot is not the quoted message's. */
  'reply_mismatch',
  /** A forward to no chat, to the same chat twice, or to more than 5 at once (details.max). */
  'too_many_forwards',
] as const;

/** A business name's own rules (sync/src/business/name.ts), in the order they are checked. */
export const nameReasons = [
  'not_text',
  'too_short',
  'too_long',
  'emoji',
  'link',
  'platform_name',
  'official_claim',
  'character',
  'no_letter',
  'too_many_marks',
] as const;

/** A name that looks like another (sync/src/names/): the platform's, a verified business's, any business's. */
export const nameCollisionReasons = [
  'name_impersonates_platform',
  'name_impersonates_verified',
  'name_taken',
] as const;

/** Why a business handle (its link `/c/<handle>`) is refused. */
export const handleReasons = [
  /** Not 3 to 30 of a-z, 0-9 and inner hyphens. */
  'handle_invalid',
  /** A word the platform keeps for itself, or one that passes for the platform's or a verified business's name. */
  'handle_reserved',
  /** Another business has this handle, had it lately, or has one that reads the same. */
  'handle_taken',
] as const;

/** The Business API's own refusals (server/src/api/, server/src/webhooks/): a key, a request, a webhook. */
export const businessApiReasons = [
  /** The API key lacks the scope this route needs (details.scope). */
  'scope',
  /** The Idempotency-Key was used before for a different request. */
  'idempotency_mismatch',
  /** A request with this Idempotency-Key is still running. */
  'in_progress',
  /** No published template has this name (details.name). */
  'template_not_found',
  /** The template has no translation in the language asked for (details.language). */
  'language',
  /** The template parameters do not fit the template. */
  'parameters',
  /** The message built from the request is not a valid message (details.path). */
  'message',
  /** The phone number is not a Souk account. */
  'not_on_souk',
  /** The webhook URL cannot be used (not https, a private address…). */
  'url',
  /** Media sent by URL could not be fetched: refused address, redirect, error status, timeout (details.problem). */
  'media_url',
  /** A webhook's media link whose signature does not match (tampered, or the webhook was set again). */
  'media_link_invalid',
  /** A webhook's media link past its expiry (details.expiredAt). */
  'media_link_expired',
] as const;

/** Every reason code, one closed list. */
export const reasonCodes = [
  ...consentReasons,
  /** A template message that is not a genuine rendering of the sender's published template. */
  'template_mismatch',
  ...templateReasons,
  ...validatorReasons,
  ...nameReasons,
  ...nameCollisionReasons,
  ...handleReasons,
  ...businessApiReasons,
  ...uploadReasons,
  ...personReportRefusals,
  /** The business has not accepted the current terms (the business gate). */
  'terms_not_accepted',
  /** The document name is not one Souk knows. */
  'unknown_document',
  /** A conversation epoch the conversation has not reached. */
  'epoch_not_started',
  /** This identity may not open the document. */
  'not_readable',
  /** Too many documents open on one socket. */
  'too_many_documents',
  /** An awareness (presence) update larger than allowed (details.max bytes). */
  'awareness_too_large',
  /** A frame or a sync message in it is malformed. */
  'malformed_frame',
  /** A frame came before `hello`. */
  'hello_first',
  /** The client speaks an older protocol: served, but it should update (or, below the minimum, is closed). */
  'version_too_old',
  /** The sign-in code could not be handed to the SMS sender in time; nothing was counted. */
  'code_not_sent',
  /** This device's session ended because the person signed out on it. */
  'signed_out',
  /** This device's session was ended from another of the person's devices (Settings, Devices). */
  'signed_out_elsewhere',
  /** The server-wide caps on sign-in codes (per hour, per country prefix) are reached. */
  'codes_paused',
  /** An operator route without `Authorization: Bearer <SOUK_OPERATOR_TOKEN>`. */
  'operator_token_missing',
  /** An operator route with a token that is not the configured one. */
  'operator_token_wrong',
  /** The server has no SOUK_OPERATOR_TOKEN: its operator routes answer no one. */
  'operator_token_not_configured',
  /** The server failed; nothing was refused on purpose. */
  'server_error',
  /** A code this client does not know (sent by a newer server). */
  'unknown',
] as const;
export type ReasonCode = (typeof reasonCodes)[number];
export type ConsentReason = (typeof consentReasons)[number];
export type TemplateReason = (typeof templateReasons)[number];
export type ValidatorReason = (typeof validatorReasons)[number];
export type NameReason = (typeof nameReasons)[number];
export type NameCollisionReason = (typeof nameCollisionReasons)[number];
export type HandleReason = (typeof handleReasons)[number];
export type BusinessApiReason = (typeof businessApiReasons)[number];
export type UploadReason = (typeof uploadReasons)[number];

/** A refusal as data: the code, and what it refers to (a field, a limit…). */
export interface Reason {
  code: ReasonCode;
  details?: Record<string, unknown>;
}

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && (errorKinds as readonly string[]).includes(value);
}

export function isReasonCode(value: unknown): value is ReasonCode {
  return typeof value === 'string' && (reasonCodes as readonly string[]).includes(value);
}
