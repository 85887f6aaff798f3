/**
 * What the apps say for each refusal, from its reason code (sync/src/contract/codes.ts), never
 * from the server's English sentence. Both languages live here, typed against the closed list,
 * so a new code does not compile until it is translated. `{name}` is filled from the details.
 */
import type { ReasonCode } from '@souk/sync';
import type { Locale } from './index.svelte.ts';

type RefusalTexts = Record<ReasonCode, string>;

const en: RefusalTexts = {
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
  malformed_update: 'This change could not be read by the server.',
  update_has_gaps: 'This change is incomplete. It was not saved.',
  missing_dependencies: 'This change depends on others the server does not have yet.',
  client_id_taken: 'This device wrote under an id that belongs to someone else.',
  nested_type: 'This change has a shape Souk does not accept.',
  unsupported_content: 'This change has a kind of content Souk does not accept.',
  too_many_changes: 'Too many changes at once (at most {max}).',
  too_many_structs: 'Too many changes at once (at most {max} pieces).',
  too_many_deletions: 'Too many deletions at once (at most {max}).',
  too_many_new_clients: 'This change came from too many devices at once (at most {max}).',
  too_many_clients:
    'Too many devices or browser tabs have written to this chat (at most {max}). Use one you used before.',
  head_only_field: 'This part of the chat cannot be changed here.',
  wrong_field_type: 'This change has a shape Souk does not accept.',
  unknown_field: 'Souk does not know the field “{field}”.',
  server_field: 'Only the server changes this.',
  invalid_value: 'The value of “{field}” is not valid.',
  invalid_message: 'This message is not valid.',
  system_message: 'Only Souk writes system messages.',
  platform_system_only: 'Souk writes only system messages.',
  participants_fixed: 'Who is in a chat never changes.',
  epoch_backwards: 'This part of the chat cannot go back.',
  not_author: 'Only its author can write or delete this message.',
  time_in_future: 'This message is dated in the future. Check the clock of your device.',
  not_own_receipt: 'You can only mark your own messages as read.',
  invalid_receipt: 'This read receipt is not valid.',
  receipt_backwards: 'Read receipts cannot go back.',
  receipt_removed: 'Read receipts cannot be removed.',
  invalid_tombstone: 'This deletion is not valid.',
  tombstone_removed: 'A deleted message cannot be restored.',
  no_such_message: 'This message does not exist.',
  delete_too_late: 'It is too late to delete this message for everyone.',
  message_removed: 'Messages can only be deleted for everyone, not removed.',
  removal_not_allowed: 'This cannot be removed.',
  platform_only: 'Only the platform can change this.',
  not_owner: 'Only its owner can change this.',
  not_text: 'The name must be text.',
  too_short: 'The name needs at least {min} characters.',
  too_long: 'The name can have at most {max} characters.',
  emoji: 'Emoji are not allowed in a business name.',
  link: 'A business name cannot contain a link or web address.',
  platform_name: 'A business name cannot use the name Souk.',
  official_claim:
    'A business name cannot claim official status (words like "official" or "verified"). Verified businesses get a ✅ instead.',
  character: `"{char}" is not allowed. Use letters, digits, spaces and & ' - . , only.`,
  no_letter: 'The name needs at least one letter.',
  too_many_marks: 'Too many accents or marks on one character.',
  name_impersonates_platform: 'A business name cannot look like the name Souk.',
  name_impersonates_verified:
    'This name looks like the name of a verified business. Choose one customers cannot mistake for it.',
  name_taken: 'Another business already has this name, or one that looks the same. Choose another.',
  scope: 'This API key lacks the {scope} permission.',
  idempotency_mismatch: 'This Idempotency-Key was already used for a different request.',
  in_progress: 'A request with this Idempotency-Key is still running. Try again in a moment.',
  template_not_found: 'You have no published template named “{name}”.',
  language: 'This template has no translation in {language}.',
  parameters: 'The template values do not fit the template.',
  message: 'This message is not valid.',
  not_on_souk: 'This number is not on Souk.',
  url: 'This webhook address cannot be used. Use a public https address.',
  terms_not_accepted: 'Accept the current Terms of Service and Privacy Policy first.',
  unknown_document: 'Souk does not know this chat or document.',
  epoch_not_started: 'This part of the chat does not exist yet.',
  not_readable: 'You cannot open this.',
  too_many_documents: 'Too many chats open at once (at most {max}). Souk tries again later.',
  malformed_frame: 'The server could not read what this app sent.',
  hello_first: 'The app spoke out of turn. It reconnects.',
  version_too_old: 'This version of Souk is out of date. Please update the app.',
  code_not_sent: 'The code could not be sent to your phone. Please try again.',
  codes_paused: 'Souk cannot send more codes right now. Please try again later.',
  server_error: 'Something went wrong on the server. Please try again.',
  unknown: 'The server refused this. Updating the app may help.',
};

const es: RefusalTexts = {
  business_suspended:
    'Esta empresa está suspendida y no puede enviar mensajes. Contacta con la plataforma para restaurarla.',
  blocked_by_recipient: 'Este contacto no acepta tus mensajes.',
  blocked_recipient: 'Has bloqueado a este contacto. Desbloquéalo para enviarle un mensaje.',
  business_to_business: 'Las empresas no pueden escribir a otras empresas.',
  outside_window:
    'Han pasado más de 24 horas desde el último mensaje del cliente. Ahora solo se pueden enviar plantillas.',
  business_messages_off: 'Esta persona ha desactivado los mensajes de empresas.',
  not_opted_in: 'Esta persona no ha aceptado recibir novedades de tu empresa.',
  template_mismatch:
    'Este mensaje no coincide con ninguna plantilla publicada por ti. Actualiza tus plantillas y vuelve a intentarlo.',
  malformed_update: 'El servidor no pudo leer este cambio.',
  update_has_gaps: 'Este cambio está incompleto. No se guardó.',
  missing_dependencies: 'Este cambio depende de otros que el servidor aún no tiene.',
  client_id_taken: 'Este dispositivo escribió con un identificador de otra persona.',
  nested_type: 'Este cambio tiene una forma que Souk no acepta.',
  unsupported_content: 'Este cambio tiene un tipo de contenido que Souk no acepta.',
  too_many_changes: 'Demasiados cambios a la vez (como máximo {max}).',
  too_many_structs: 'Demasiados cambios a la vez (como máximo {max} partes).',
  too_many_deletions: 'Demasiados borrados a la vez (como máximo {max}).',
  too_many_new_clients:
    'Este cambio viene de demasiados dispositivos a la vez (como máximo {max}).',
  too_many_clients:
    'Demasiados dispositivos o pestañas han escrito en este chat (como máximo {max}). Usa uno que ya hayas usado.',
  head_only_field: 'Esta parte del chat no se puede cambiar aquí.',
  wrong_field_type: 'Este cambio tiene una forma que Souk no acepta.',
  unknown_field: 'Souk no conoce el campo «{field}».',
  server_field: 'Solo el servidor cambia esto.',
  invalid_value: 'El valor de «{field}» no es válido.',
  invalid_message: 'Este mensaje no es válido.',
  system_message: 'Solo Souk escribe mensajes del sistema.',
  platform_system_only: 'Souk solo escribe mensajes del sistema.',
  participants_fixed: 'Quién está en un chat nunca cambia.',
  epoch_backwards: 'Esta parte del chat no puede retroceder.',
  not_author: 'Solo su autor puede escribir o borrar este mensaje.',
  time_in_future: 'Este mensaje tiene una fecha futura. Revisa el reloj de tu dispositivo.',
  not_own_receipt: 'Solo puedes marcar como leídos tus propios mensajes.',
  invalid_receipt: 'Esta confirmación de lectura no es válida.',
  receipt_backwards: 'Las confirmaciones de lectura no pueden retroceder.',
  receipt_removed: 'Las confirmaciones de lectura no se pueden quitar.',
  invalid_tombstone: 'Este borrado no es válido.',
  tombstone_removed: 'Un mensaje borrado no se puede recuperar.',
  no_such_message: 'Este mensaje no existe.',
  delete_too_late: 'Ya es tarde para borrar este mensaje para todos.',
  message_removed: 'Los mensajes solo se pueden borrar para todos, no quitar.',
  removal_not_allowed: 'Esto no se puede quitar.',
  platform_only: 'Solo la plataforma puede cambiar esto.',
  not_owner: 'Solo su propietario puede cambiar esto.',
  not_text: 'El nombre tiene que ser texto.',
  too_short: 'El nombre necesita al menos {min} caracteres.',
  too_long: 'El nombre puede tener como máximo {max} caracteres.',
  emoji: 'El nombre de un negocio no puede llevar emoji.',
  link: 'El nombre de un negocio no puede contener un enlace ni una dirección web.',
  platform_name: 'El nombre de un negocio no puede usar el nombre Souk.',
  official_claim:
    'El nombre de un negocio no puede presentarse como oficial (palabras como «oficial» o «verificado»). Los negocios verificados llevan un ✅.',
  character: `«{char}» no está permitido. Solo se admiten letras, cifras, espacios y & ' - . , en el nombre.`,
  no_letter: 'El nombre necesita al menos una letra.',
  too_many_marks: 'Demasiados acentos o signos sobre un mismo carácter.',
  name_impersonates_platform: 'El nombre de un negocio no puede parecerse al nombre Souk.',
  name_impersonates_verified:
    'Este nombre se parece al de un negocio verificado. Elige uno que los clientes no puedan confundir con él.',
  name_taken: 'Otro negocio ya tiene este nombre, u otro que se ve igual. Elige otro.',
  scope: 'Esta clave de API no tiene el permiso {scope}.',
  idempotency_mismatch: 'Esta Idempotency-Key ya se usó para otra solicitud distinta.',
  in_progress:
    'Una solicitud con esta Idempotency-Key sigue en curso. Inténtalo de nuevo en un momento.',
  template_not_found: 'No tienes ninguna plantilla publicada llamada «{name}».',
  language: 'Esta plantilla no tiene traducción en {language}.',
  parameters: 'Los valores no encajan con la plantilla.',
  message: 'Este mensaje no es válido.',
  not_on_souk: 'Este número no está en Souk.',
  url: 'Esta dirección de webhook no se puede usar. Usa una dirección https pública.',
  terms_not_accepted:
    'Acepta primero las Condiciones del servicio y la Política de privacidad vigentes.',
  unknown_document: 'Souk no conoce este chat o documento.',
  epoch_not_started: 'Esta parte del chat aún no existe.',
  not_readable: 'No puedes abrir esto.',
  too_many_documents:
    'Demasiados chats abiertos a la vez (como máximo {max}). Souk lo intentará más tarde.',
  malformed_frame: 'El servidor no pudo leer lo que envió esta aplicación.',
  hello_first: 'La aplicación habló a destiempo. Se vuelve a conectar.',
  version_too_old: 'Esta versión de Souk está desfasada. Actualiza la aplicación.',
  code_not_sent: 'No se pudo enviar el código a tu teléfono. Inténtalo de nuevo.',
  codes_paused: 'Souk no puede enviar más códigos ahora mismo. Inténtalo más tarde.',
  server_error: 'Algo falló en el servidor. Inténtalo de nuevo.',
  unknown: 'El servidor lo rechazó. Actualizar la aplicación puede ayudar.',
};

export const refusalTexts: Record<Locale, RefusalTexts> = { en, es };

/** The sentence for a refusal in `locale`, details filled in (a missing one reads as "…"). */
export function refusalText(
  locale: Locale,
  code: ReasonCode,
  details: Record<string, unknown> = {},
): string {
  return refusalTexts[locale][code].replace(/\{(\w+)\}/g, (_, name: string) =>
    name in details ? String(details[name]) : '…',
  );
}
