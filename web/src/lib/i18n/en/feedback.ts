/**
 * Honest feedback (issue 15, item 4): confirmations that say exactly what changes (the consent
 * rules of sync/src/policy/messaging.ts, as STOP's confirmation says them), a broadcast's
 * preview and audience, a suspension's reason, a verification request's state.
 */
export const enFeedback = {
  'confirm.cancel': 'Cancel',
  'block.title': 'Block {name}?',
  'block.what':
    '{name} will not be able to send you anything: no messages, replies, updates or offers. You will not be able to write to it either.',
  'block.keeps': 'Your chat stays on this device. {name} is not told that you blocked it.',
  'block.undo': 'To undo it, open this page and choose Unblock.',
  'block.confirm': 'Block',
  'stop.title': 'Stop updates from {name}?',
  'stop.what': '{name} will no longer be able to send you updates or offers.',
  'stop.keeps':
    'It can still answer messages you send it, for 24 hours after each one: replies, order or account updates and codes, never offers.',
  'stop.undo': 'To get them again, turn Receive updates back on here, or reply START in the chat.',
  'stop.confirm': 'Stop updates',
  'devices.title': 'Sign out {device}?',
  'devices.what':
    '{device} is signed out at once: it stops receiving messages and cannot send any.',
  'devices.undo': 'To use Souk on it again, sign in there with your phone number.',
  'devices.confirm': 'Sign out',
  'broadcast.review': 'Review broadcast',
  'broadcast.confirmTitle': 'Send {name}?',
  'broadcast.previewIn': 'Preview in',
  'broadcast.ownLanguage': 'Each customer gets it in their own language when it has one.',
  'broadcast.counting': 'Counting who it reaches…',
  'broadcast.audience':
    'Customer chats addressed: {chats}. Reachable now under the messaging rules: {reachable}.',
  'broadcast.audienceNone':
    'Customer chats addressed: {chats}. None can be reached now under the messaging rules.',
  'broadcast.sendTo': 'Send to {reachable}',
  'broadcast.sending': 'Sending…',
  'suspended.banner':
    'Souk suspended this business: it cannot send messages or change its profile.',
  'suspended.reason': 'Reason given by the platform: “{note}”',
  'verify.pending':
    'Verification requested on {date}. The platform is reviewing it; the result will show here.',
  'verify.rejected': 'Your verification request of {date} was not approved: “{reason}”',
  'verify.again': 'You can send a new request with more evidence.',
} as const;
