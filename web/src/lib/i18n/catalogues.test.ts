import { beforeAll, describe, expect, it } from 'vitest';
import { isLoaded, loadCatalogue, loadPart, localeNames, message } from './catalogues.ts';

describe('message', () => {
  it('says a compiled message by name, placeholders filled, numbers through Intl', () => {
    expect(message('en', 'signIn.codeHint', { phone: '+34 612' })).toBe(
      'We sent a 6-digit code to +34 612.',
    );
    expect(message('en', 'chats.unread', { count: 1234 })).toBe('1,234 unread');
  });

  it('leaves a placeholder without a value visible, or as the caller asks', () => {
    expect(message('en', 'chats.unread')).toBe('{count} unread');
    expect(message('en', 'chats.unread', {}, () => '…')).toBe('… unread');
  });

  it('says English for Spanish until its chunk is loaded', () => {
    expect(isLoaded('es')).toBe(false);
    expect(message('es', 'status.offline')).toBe('Offline');
  });

  describe('Spanish', () => {
    beforeAll(() => loadCatalogue('es'));

    it('once loaded, says Spanish', () => {
      expect(message('es', 'status.offline')).not.toBe('Offline');
      expect(message('es', 'chats.unread', { count: 12345 })).toMatch(/^12\.345 /);
    });
  });

  describe('the console’s part', () => {
    it('is not in the apps’ table: a console message needs its part loaded', () => {
      expect(() => message('en', 'admin.console.title')).toThrow(/not loaded/);
    });

    it('once loaded, says its messages in English and in the language asked for', async () => {
      await loadPart('admin', 'es');
      expect(message('en', 'admin.console.title')).toBe('Souk console');
      expect(message('es', 'admin.console.title')).not.toBe('Souk console');
    });
  });
});

describe('numbers in messages', () => {
  it('writes small whole numbers as every supported locale’s Intl would (they skip it)', () => {
    for (const locale of Object.keys(localeNames))
      for (const n of [0, 7, 42, 999, -5])
        expect(new Intl.NumberFormat(locale).format(n), locale).toBe(String(n));
  });
});
