import type { enFeedback } from '../en/feedback.ts';

/** Confirmaciones, vista previa de difusiones, suspensión y verificación (issue 15, punto 4). */
export const esFeedback: Record<keyof typeof enFeedback, string> = {
  'confirm.cancel': 'Cancelar',
  'block.title': '¿Bloquear a {name}?',
  'block.what':
    '{name} no podrá enviarte nada: ni mensajes, ni respuestas, ni novedades, ni ofertas. Tú tampoco podrás escribirle.',
  'block.keeps': 'El chat se queda en este dispositivo. {name} no sabrá que lo bloqueaste.',
  'block.undo': 'Para deshacerlo, abre esta página y elige Desbloquear.',
  'block.confirm': 'Bloquear',
  'stop.title': '¿Dejar de recibir novedades de {name}?',
  'stop.what': '{name} ya no podrá enviarte novedades ni ofertas.',
  'stop.keeps':
    'Aún podrá contestar a los mensajes que le envíes, durante las 24 horas siguientes a cada uno: respuestas, avisos de pedidos o de tu cuenta y códigos, nunca ofertas.',
  'stop.undo':
    'Para volver a recibirlas, activa de nuevo Recibir novedades aquí, o responde ALTA en el chat.',
  'stop.confirm': 'Dejar de recibir',
  'devices.title': '¿Cerrar la sesión de {device}?',
  'devices.what':
    'La sesión de {device} se cierra al momento: deja de recibir mensajes y no puede enviar ninguno.',
  'devices.undo': 'Para volver a usar Souk en él, inicia sesión allí con tu número de teléfono.',
  'devices.confirm': 'Cerrar sesión',
  'broadcast.review': 'Revisar difusión',
  'broadcast.confirmTitle': '¿Enviar {name}?',
  'broadcast.previewIn': 'Vista previa en',
  'broadcast.ownLanguage': 'Cada cliente la recibe en su idioma cuando existe esa traducción.',
  'broadcast.counting': 'Contando a quién llega…',
  'broadcast.audience':
    'Chats de clientes a los que va: {chats}. Alcanzables ahora según las reglas de mensajería: {reachable}.',
  'broadcast.audienceNone':
    'Chats de clientes a los que va: {chats}. Ninguno es alcanzable ahora según las reglas de mensajería.',
  'broadcast.sendTo': 'Enviar a {reachable}',
  'broadcast.sending': 'Enviando…',
  'suspended.banner': 'Souk suspendió este negocio: no puede enviar mensajes ni cambiar su perfil.',
  'suspended.reason': 'Motivo indicado por la plataforma: «{note}»',
  'verify.pending':
    'Verificación solicitada el {date}. La plataforma la está revisando; el resultado aparecerá aquí.',
  'verify.rejected': 'Tu solicitud de verificación del {date} no fue aprobada: «{reason}»',
  'verify.again': 'Puedes enviar una nueva solicitud con más pruebas.',
};
