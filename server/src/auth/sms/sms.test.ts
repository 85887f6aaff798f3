import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { needsUnicode, smsText } from './sms-text.ts';

describe('the sign-in SMS', () => {
  it('is localised and ends with the WebOTP line for the public host', () => {
    expect(smsText('123456', 'en', 'souk.example')).toBe(
      'Your Souk code: 123456. Do not share it.\n\n@souk.example #123456',
    );
    expect(smsText('123456', 'es', 'souk.example').split('\n').at(-1)).toBe(
      '@souk.example #123456',
    );
    expect(smsText('123456', 'en', undefined)).not.toContain('@');
  });

  it('needs UCS-2 for Spanish accents, not for English', () => {
    expect(needsUnicode(smsText('123456', 'en', 'souk.example'))).toBe(false);
    expect(needsUnicode(smsText('123456', 'es', 'souk.example'))).toBe(true);
  });
});

describe('the SMS configuration', () => {
  it('picks the one sender whose variables are set', () => {
    expect(loadConfig({}).sms.sender).toBeNull();
    const twilio = loadConfig({
      SOUK_TWILIO_ACCOUNT_SID: 'AC1',
      SOUK_TWILIO_AUTH_TOKEN: 't',
      SOUK_TWILIO_FROM: '+15005550006',
    }).sms.sender;
    expect(twilio).toMatchObject({ kind: 'twilio', baseUrl: 'https://api.twilio.com/' });
  });

  it('refuses half a sender, two senders, and codes in clear over a network', () => {
    expect(() => loadConfig({ SOUK_VONAGE_API_KEY: 'k' })).toThrow(
      /vonage sender also needs SOUK_VONAGE_API_SECRET, SOUK_VONAGE_FROM/,
    );
    expect(() =>
      loadConfig({
        SOUK_SMS_WEBHOOK_URL: 'https://gw.example/sms',
        SOUK_SMS_WEBHOOK_SECRET: 's',
        SOUK_VONAGE_API_KEY: 'k',
      }),
    ).toThrow(/one SMS sender, not webhook and vonage/);
    const gateway = (url: string) =>
      loadConfig({ SOUK_SMS_WEBHOOK_URL: url, SOUK_SMS_WEBHOOK_SECRET: 's' }).sms.sender;
    expect(() => gateway('http://gw.example/sms')).toThrow(/SOUK_SMS_WEBHOOK_URL: an https URL/);
    expect(gateway('http://127.0.0.1:4010/sms')).toMatchObject({ kind: 'webhook' });
  });

  it('reads the caps, with per-country overrides by calling code', () => {
    const { caps } = loadConfig({
      SOUK_SMS_PER_HOUR: '50',
      SOUK_SMS_COUNTRY_CAPS: '+34:40, 371:0',
    }).sms;
    expect(caps).toEqual({
      perHour: 50,
      perCountryPerHour: 100,
      countries: { '34': 40, '371': 0 },
    });
    expect(() => loadConfig({ SOUK_SMS_COUNTRY_CAPS: '+999:5' })).toThrow(/SOUK_SMS_COUNTRY_CAPS/);
    expect(() => loadConfig({ SOUK_SMS_COUNTRY_CAPS: 'spain' })).toThrow(/SOUK_SMS_COUNTRY_CAPS/);
  });
});
