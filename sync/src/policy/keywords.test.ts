import { describe, expect, it } from 'vitest';
import { detectKeyword, keywordConfirmation } from './keywords.ts';

describe('detectKeyword', () => {
  const table: [
    text: string,
    expected: { action: string; keyword: string; language: string } | null,
  ][] = [
    ['STOP', { action: 'opt_out', keyword: 'STOP', language: 'en' }],
    ['stop', { action: 'opt_out', keyword: 'STOP', language: 'en' }],
    ['  Stop.  ', { action: 'opt_out', keyword: 'STOP', language: 'en' }],
    ['Stop!!', { action: 'opt_out', keyword: 'STOP', language: 'en' }],
    ['ＳＴＯＰ', { action: 'opt_out', keyword: 'STOP', language: 'en' }], // full-width
    ['\n\tunsubscribe\n', { action: 'opt_out', keyword: 'UNSUBSCRIBE', language: 'en' }],
    ['baja', { action: 'opt_out', keyword: 'BAJA', language: 'es' }],
    ['Bája', { action: 'opt_out', keyword: 'BAJA', language: 'es' }],
    ['¡PARAR!', { action: 'opt_out', keyword: 'PARAR', language: 'es' }],
    ['Cancelar', { action: 'opt_out', keyword: 'CANCELAR', language: 'es' }],
    ['START', { action: 'opt_in', keyword: 'START', language: 'en' }],
    ['subscribe', { action: 'opt_in', keyword: 'SUBSCRIBE', language: 'en' }],
    ['Alta', { action: 'opt_in', keyword: 'ALTA', language: 'es' }],
    ['comenzár', { action: 'opt_in', keyword: 'COMENZAR', language: 'es' }],
    ['stop sending me stuff', null],
    ['please stop', null],
    ['no pares', null],
    ['S T O P', null],
    ['STOPP', null],
    ['Stop?', null], // a question, not an instruction
    ['', null],
    ['toString', null],
    ['__proto__', null],
    ['STOP' + ' '.repeat(100), null], // long messages are ordinary messages
  ];
  it.each(table)('%j → %j', (text, expected) => {
    expect(detectKeyword(text)).toEqual(expected);
  });
});

describe('keywordConfirmation', () => {
  it('answers in the language of the keyword, saying what the rules still allow', () => {
    expect(keywordConfirmation(detectKeyword('stop')!, 'Panadería Sol')).toBe(
      'You will no longer receive offers or updates from Panadería Sol. It can only answer ' +
        'messages you send it, for 24 hours after each one: replies, order or account updates ' +
        'and codes, never offers. Reply START to receive them again.',
    );
    expect(keywordConfirmation(detectKeyword('baja')!, 'Panadería Sol')).toBe(
      'Ya no recibirás ofertas ni novedades de Panadería Sol. Solo puede contestar a los ' +
        'mensajes que le envíes, durante las 24 horas siguientes a cada uno: respuestas, avisos ' +
        'de pedidos o de tu cuenta y códigos, nunca ofertas. Responde ALTA para volver a recibirlas.',
    );
    expect(keywordConfirmation(detectKeyword('start')!, 'Sol')).toBe(
      'You will receive updates and offers from Sol again, at any time, while business messages ' +
        'are on in Settings. Reply STOP to stop them.',
    );
    expect(keywordConfirmation(detectKeyword('alta')!, 'Sol')).toContain('Volverás a recibir');
  });
});
