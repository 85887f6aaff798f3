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
  it('answers in the language of the keyword', () => {
    expect(keywordConfirmation(detectKeyword('stop')!, 'Panadería Sol')).toBe(
      'You will no longer receive updates from Panadería Sol. Reply START to receive them again.',
    );
    expect(keywordConfirmation(detectKeyword('baja')!, 'Panadería Sol')).toBe(
      'Ya no recibirás novedades de Panadería Sol. Responde ALTA para volver a recibirlas.',
    );
    expect(keywordConfirmation(detectKeyword('alta')!, 'Sol')).toContain('Volverás a recibir');
  });
});
