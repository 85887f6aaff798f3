import { describe, expect, it } from 'vitest';
import { closeCodes, consentReasons, reasonCodes, validatorReasons } from './codes.ts';
import { messageOf, reasonMessages } from './messages.ts';

describe('the contract', () => {
  it('has each reason code once, in snake_case', () => {
    expect(new Set(reasonCodes).size).toBe(reasonCodes.length);
    for (const code of reasonCodes) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    for (const code of [...consentReasons, ...validatorReasons])
      expect(reasonCodes).toContain(code);
  });

  it('has an English sentence for every code, details filled in', () => {
    for (const code of reasonCodes) expect(reasonMessages[code]).toMatch(/^[A-Z{].*[.:}]$/);
    expect(messageOf({ code: 'too_many_changes', details: { max: 500 } })).toBe(
      'Too many changes in one update (at most 500).',
    );
    expect(messageOf({ code: 'unknown_field' })).toBe('Unknown field ….');
  });

  it('keeps the sentences installed v1 apps recognise', () => {
    expect(reasonMessages.terms_not_accepted).toBe(
      'Accept the current Terms of Service and Privacy Policy first.',
    );
    expect(reasonMessages.outside_window).toBe(
      "More than 24 hours have passed since the customer's last message. Only templates can be sent now.",
    );
  });

  it('uses close codes in the application range, each once', () => {
    const values = Object.values(closeCodes);
    expect(new Set(values).size).toBe(values.length);
    for (const code of values) expect(code >= 4000 && code < 5000).toBe(true);
  });
});
