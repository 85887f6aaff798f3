/**
 * The English sentence that travels beside each reason code (`message` in error frames and HTTP
 * error bodies): for logs, third-party clients, and v1 apps, which show it as is. Apps translate
 * the code instead (web/src/lib/i18n/refusals.ts). `{name}` is filled from the details.
 *
 * The consent sentences and the terms sentence must not change: installed v1 apps recognise a
 * refusal by comparing these exact sentences.
 */
import { SoukError } from '../errors.ts';
import type { ErrorKind, Reason, ReasonCode } from './codes.ts';

export const reasonMessages: Record<ReasonCode, string> = {
  business_suspended:
    'This business is suspended and cannot send messages. Contact the platform to restore it.',
  blocked_by_recipient: 'This contact does not accept messages from you.',
  blocked_recipient: 'You blocked this contact. Unblock it to send a message.',
  business_to_business: 'Businesses cannot message other businesses.',
  outside_window:
    "More than 24 hours have passed since the customer's last message. Only templates can be sent now.",
  business_messages_off: 'This person has turned off business messages.',
  not_opted_in: 'This person has not opted in to receive updates from your business.',
  template_mismatch:
    'This template message does not match a published template of yours. Refresh your templates and try again.',
  template_few_words:
    'A template body needs at least three words of its own, outside any parameter.',
  template_parameter_at_edge: 'A template body cannot start or end with a parameter.',
  parameter_has_newline: 'A parameter value cannot contain a newline or a tab.',
  parameter_too_long: 'A parameter value can have at most 100 characters.',
  malformed_update: 'The update is malformed.',
  foreign_media: 'A message can only show media uploaded to its own chat.',
  update_has_gaps: 'The update has gaps.',
  missing_dependencies: 'The update depends on changes the server does not have.',
  client_id_taken: 'This Yjs client id belongs to another identity.',
  nested_type: 'Nested types are not allowed.',
  unsupported_content: 'The update holds an unsupported content type.',
  too_many_changes: 'Too many changes in one update (at most {max}).',
  too_many_structs: 'Too many structs in one update (at most {max}).',
  too_many_deletions: 'Too many deletion ranges in one update (at most {max}).',
  too_many_new_clients: 'Too many new Yjs client ids in one update (at most {max}).',
  too_many_clients: 'Too many Yjs client ids for this identity in this document (at most {max}).',
  head_only_field: "{field} lives in the conversation's first document.",
  wrong_field_type: '{field} has the wrong type (a list or a map).',
  unknown_field: 'Unknown field {field}.',
  server_field: '{field} is written by the server.',
  invalid_value: 'Invalid {field}: {issue}',
  too_many_pins: 'At most {max} chats can be pinned.',
  invalid_message: 'Invalid message: {issue}',
  system_message: 'System messages are written by the server.',
  platform_system_only: 'The platform writes only system messages.',
  participants_fixed: 'The participants of a conversation never change.',
  epoch_backwards: 'The epoch of a conversation only moves forward.',
  not_author: 'Only its author can write or delete this message.',
  time_in_future: 'The message time is in the future.',
  not_own_receipt: 'Receipts can only be written for oneself.',
  invalid_receipt: 'Invalid receipt.',
  receipt_backwards: 'Receipts only move forward.',
  receipt_removed: 'A receipt is only replaced, never removed.',
  invalid_tombstone: 'Invalid tombstone.',
  tombstone_removed: 'A tombstone cannot be removed.',
  no_such_message: 'No such message.',
  ambiguous_message: 'More than one message has this id.',
  duplicate_message: 'A message with this id is already in the conversation.',
  receive_time_fixed: "A message's receive time is written once.",
  epoch_closed: 'This part of the conversation is closed; write to its current part.',
  epoch_late_limit: 'Too many late changes to a closed part of the conversation.',
  delete_too_late: 'Too late to delete this message for everyone.',
  message_removed: 'Messages cannot be removed, only deleted for everyone.',
  removal_not_allowed: 'Nothing can be removed from {field}.',
  platform_only: 'Written by the platform only.',
  not_owner: 'Written by its owner only.',
  invalid_reaction: 'A reaction is one emoji on a message.',
  not_reactor: 'Reactions can only be written for oneself.',
  invalid_edit: 'Only the text of a text message can be edited.',
  not_editor: 'Edits can only be written for oneself.',
  edit_not_author: 'Only its author can edit this message.',
  edit_too_late: 'Too late to edit this message (15 minutes have passed).',
  message_deleted: 'This message was deleted.',
  reply_not_found: 'The message replied to is not in this conversation.',
  reply_mismatch: 'The quote does not match the message replied to.',
  too_many_forwards: 'A message can be forwarded to at most 5 chats at once.',
  not_text: 'The name must be text.',
  too_short: 'The name needs at least {min} characters.',
  too_long: 'The name can have at most {max} characters.',
  emoji: 'Emoji are not allowed in a business name.',
  link: 'A business name cannot contain a link or web address.',
  platform_name: 'A business name cannot use the name Souk.',
  official_claim:
    'A business name cannot claim official status (words like "official" or "verified"). Verified businesses get a ✅ instead.',
  character: `The character "{char}" is not allowed. Use letters, digits, spaces and & ' - . , only.`,
  no_letter: 'The name needs at least one letter.',
  too_many_marks: 'Too many accents or marks on one character.',
  name_impersonates_platform: 'A business name cannot look like the name Souk.',
  name_impersonates_verified: 'This name looks like the name of a verified business.',
  name_taken: 'Another business already has this name or one that looks the same.',
  handle_invalid:
    'A handle has 3 to 30 characters: lowercase letters a-z, digits and hyphens (not first or last).',
  handle_reserved: 'This handle is kept by the platform or passes for a protected name.',
  handle_taken: 'Another business has this handle, had it lately, or has one that looks the same.',
  scope: 'This API key lacks the {scope} scope.',
  idempotency_mismatch: 'This Idempotency-Key was used for a different request.',
  in_progress: 'A request with this Idempotency-Key is in progress.',
  template_not_found: 'No published template named {name}.',
  language: 'The template has no {language} translation.',
  parameters: 'Template parameters: {problem}.',
  message: '{issue}',
  not_on_souk: "This number isn't on Souk.",
  url: 'This webhook URL cannot be used: {problem}.',
  media_url: 'The media URL could not be fetched: {problem}.',
  media_link_invalid: 'This media link is not valid.',
  media_link_expired: 'This media link has expired; a newer event carries a fresh one.',
  upload_type: 'The upload must be one of {types}.',
  upload_too_large: 'The upload can be at most {megabytes} MB.',
  upload_empty: 'The upload is empty.',
  not_an_image: 'The photo must be a JPEG, PNG or WebP image.',
  not_a_member: 'Only the members of a chat can upload media to it.',
  upload_kind:
    'An upload must say what it is: a photo, a voice note, audio, a video or a document.',
  upload_length_required: 'An upload must declare its length before it starts.',
  upload_content: 'The file is not what it claims to be.',
  terms_not_accepted: 'Accept the current Terms of Service and Privacy Policy first.',
  unknown_document: 'Unknown document.',
  epoch_not_started: 'This epoch of the conversation has not started.',
  not_readable: 'You cannot open this document.',
  too_many_documents: 'At most {max} documents per connection.',
  awareness_too_large: 'A presence update is at most {max} bytes.',
  malformed_frame: 'Malformed frame: {problem}',
  hello_first: 'Send hello first.',
  version_too_old: 'This version of the app is too old. Please update it.',
  code_not_sent: 'The code could not be sent. Try again.',
  signed_out: 'You signed out on this device.',
  signed_out_elsewhere: 'This device was signed out from another of your devices.',
  codes_paused: 'Souk cannot send more codes right now. Try again later.',
  report_self: 'You cannot report yourself.',
  no_such_person: 'No such person on Souk.',
  too_many_reports: 'At most {max} reports in a while. Try again later.',
  operator_token_missing: 'This route needs the operator token: Authorization: Bearer <token>.',
  operator_token_wrong: 'The operator token is wrong.',
  operator_token_not_configured:
    'This server has no operator token: set SOUK_OPERATOR_TOKEN (at least 32 characters) and restart it.',
  server_error: 'The server could not handle this.',
  unknown: 'The server refused this.',
};

/** The English sentence of a reason, with its details filled in. */
export function messageOf({ code, details = {} }: Reason): string {
  return reasonMessages[code].replace(/\{(\w+)\}/g, (_, name: string) =>
    name in details ? String(details[name]) : '…',
  );
}

/**
 * A refusal for a reason: its English sentence, and `details.reason` = the code. Not a static
 * method of SoukError, which the apps use: a bundle keeps a class's methods, and with them these
 * sentences, which the apps never show.
 */
export function refusalError(kind: ErrorKind, reason: Reason): SoukError {
  return new SoukError(kind, messageOf(reason), { ...reason.details, reason: reason.code });
}
