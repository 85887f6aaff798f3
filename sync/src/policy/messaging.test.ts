/**
 * Every combination of pair × suspension × block × window × message kind × switch × opt-in,
 * checked against a table written as the product states the rules. The table's rows must not
 * overlap: each combination matches exactly one row, so the table is a complete specification.
 */
import { describe, expect, it } from 'vitest';
import {
  customerWindowMs,
  mayDeliver,
  refusalReasons,
  ruleReasons,
  type DeliveryInput,
  type OutgoingKind,
  type RefusalReason,
} from './messaging.ts';
import { isReasonCode } from '../contract/codes.ts';
import { outgoingKindOf } from './delivery-input.ts';
import { kindSamples } from '../kinds/samples.ts';
import type { Message } from '../docs/conversation.ts';

const now = 1_700_000_000_000;
const hour = 60 * 60 * 1000;

const pairs = ['person→person', 'person→business', 'business→person', 'business→business'] as const;
const blocks = ['none', 'by_recipient', 'by_sender'] as const;
const windows = { never: null, inside: now - 23 * hour, expired: now - 25 * hour } as const;
const kinds = {
  free_form: { kind: 'free_form' },
  utility: { kind: 'template', category: 'utility' },
  marketing: { kind: 'template', category: 'marketing' },
  authentication: { kind: 'template', category: 'authentication' },
} satisfies Record<string, OutgoingKind>;
type Kind = keyof typeof kinds;
type Window = keyof typeof windows;

interface Case {
  pair: (typeof pairs)[number];
  suspended: boolean;
  block: (typeof blocks)[number];
  window: Window;
  kind: Kind;
  switchOn: boolean;
  optedIn: boolean;
}

type Pattern = { [K in keyof Case]?: Case[K][] };
const templates: Kind[] = ['utility', 'marketing', 'authentication'];
const toPeople: Case['pair'][] = ['business→person'];
const fromPeople: Case['pair'][] = ['person→person', 'person→business'];
/** A business writing to a person inside the window, nothing else in the way. */
const replying: Pattern = {
  pair: toPeople,
  suspended: [false],
  block: ['none'],
  window: ['inside'],
};

const rules: [Pattern, 'ok' | RefusalReason][] = [
  [{ pair: [...toPeople, 'business→business'], suspended: [true] }, 'business_suspended'],
  [
    { pair: [...toPeople, 'business→business'], suspended: [false], block: ['by_recipient'] },
    'blocked_by_recipient',
  ],
  [
    { pair: [...toPeople, 'business→business'], suspended: [false], block: ['by_sender'] },
    'blocked_recipient',
  ],
  [{ pair: ['business→business'], suspended: [false], block: ['none'] }, 'business_to_business'],
  [{ pair: fromPeople, block: ['by_recipient'] }, 'blocked_by_recipient'],
  [{ pair: fromPeople, block: ['by_sender'] }, 'blocked_recipient'],
  // A person always reaches a business or a person they have no block with, suspended or not.
  [{ pair: fromPeople, block: ['none'] }, 'ok'],
  // Inside the 24-hour window the business answers free-form, whatever the switch or opt-in...
  [{ ...replying, kind: ['free_form'] }, 'ok'],
  // ...but with business messages off, free-form replies only: no template at all.
  [{ ...replying, kind: templates, switchOn: [false] }, 'business_messages_off'],
  // Without the opt-in (or after STOP): utility and authentication templates, never marketing.
  [{ ...replying, kind: ['utility', 'authentication'], switchOn: [true] }, 'ok'],
  [{ ...replying, kind: ['marketing'], switchOn: [true], optedIn: [false] }, 'not_opted_in'],
  [{ ...replying, kind: ['marketing'], switchOn: [true], optedIn: [true] }, 'ok'],
  [
    {
      pair: toPeople,
      suspended: [false],
      block: ['none'],
      window: ['never', 'expired'],
      kind: ['free_form'],
    },
    'outside_window',
  ],
  [
    {
      pair: toPeople,
      suspended: [false],
      block: ['none'],
      window: ['never', 'expired'],
      kind: templates,
      switchOn: [false],
    },
    'business_messages_off',
  ],
  [
    {
      pair: toPeople,
      suspended: [false],
      block: ['none'],
      window: ['never', 'expired'],
      kind: templates,
      switchOn: [true],
      optedIn: [false],
    },
    'not_opted_in',
  ],
  [
    {
      pair: toPeople,
      suspended: [false],
      block: ['none'],
      window: ['never', 'expired'],
      kind: templates,
      switchOn: [true],
      optedIn: [true],
    },
    'ok',
  ],
];

function allCases(): Case[] {
  const cases: Case[] = [];
  for (const pair of pairs)
    for (const suspended of [false, true])
      for (const block of blocks)
        for (const window of Object.keys(windows) as Window[])
          for (const kind of Object.keys(kinds) as Kind[])
            for (const switchOn of [true, false])
              for (const optedIn of [true, false])
                cases.push({ pair, suspended, block, window, kind, switchOn, optedIn });
  return cases;
}

const matches = (pattern: Pattern, c: Case) =>
  (Object.keys(pattern) as (keyof Case)[]).every((k) => (pattern[k] as unknown[]).includes(c[k]));

function toInput(c: Case): DeliveryInput {
  const [sender, recipient] = c.pair.split('→') as [
    DeliveryInput['sender'],
    DeliveryInput['recipient'],
  ];
  return {
    sender,
    recipient,
    message: kinds[c.kind],
    recipientPrefs: { businessMessages: c.switchOn, optedIn: c.optedIn },
    blockedByRecipient: c.block === 'by_recipient',
    blockedBySender: c.block === 'by_sender',
    businessSuspended: c.suspended,
    lastCustomerMessageAt: windows[c.window],
    now,
  };
}

const table = allCases().map((c) => {
  const rows = rules.filter(([pattern]) => matches(pattern, c));
  return [`${Object.values(c).join(' ')}`, c, rows.map(([, outcome]) => outcome)] as const;
});

describe('mayDeliver, every combination', () => {
  it('covers 1152 combinations, each matched by exactly one rule', () => {
    expect(table).toHaveLength(4 * 2 * 3 * 3 * 4 * 2 * 2);
    expect(table.filter(([, , outcomes]) => outcomes.length !== 1)).toEqual([]);
  });

  it.each(table)('%s', (_name, c, [expected]) => {
    const decision = mayDeliver(toInput(c));
    if (expected === 'ok') expect(decision).toEqual({ ok: true });
    else expect(decision).toMatchObject({ ok: false, reason: expected });
  });

  it('uses every refusal reason somewhere', () => {
    const used = new Set(rules.map(([, outcome]) => outcome));
    expect(ruleReasons.filter((r) => !used.has(r))).toEqual([]);
  });
});

describe('the 24-hour window', () => {
  const base = toInput({
    pair: 'business→person',
    suspended: false,
    block: 'none',
    window: 'never',
    kind: 'free_form',
    switchOn: false,
    optedIn: false,
  });
  const at = (last: number | null) => mayDeliver({ ...base, lastCustomerMessageAt: last }).ok;
  it.each([
    ['just now', now, true],
    ['1 ms before it closes', now - customerWindowMs + 1, true],
    ['exactly 24 hours ago: closed', now - customerWindowMs, false],
    ['a week ago', now - 7 * 24 * hour, false],
    ['never', null, false],
    ['slightly in the future (clock skew)', now + 1000, true],
  ] as const)('customer wrote %s → free-form allowed: %s', (_label, last, ok) => {
    expect(at(last)).toBe(ok);
  });
});

describe('refusal reasons', () => {
  it('are codes of the contract, so the apps can translate every one', () => {
    for (const reason of refusalReasons) expect(isReasonCode(reason)).toBe(true);
  });
});

describe('everyday kinds under the consent rules (issue 16)', () => {
  const kinds = ['voice', 'audio', 'document', 'video', 'location', 'contact'] as const;
  const base = { id: 'msg_00000001', author: 'b_shop', n: 1, at: 0 };
  it.each(kinds)('a business sends a %s only inside the customer window, as free-form', (kind) => {
    const message = { ...base, ...kindSamples[kind] } as Message;
    const outgoing = outgoingKindOf(message);
    expect(outgoing).toEqual({ kind: 'free_form' });
    const facts = {
      sender: 'business',
      recipient: 'person',
      message: outgoing,
      recipientPrefs: { businessMessages: true, optedIn: true },
      blockedByRecipient: false,
      blockedBySender: false,
      businessSuspended: false,
      now: 10 * customerWindowMs,
    } as const;
    const inside = { ...facts, lastCustomerMessageAt: facts.now - customerWindowMs + 1 };
    const outside = { ...facts, lastCustomerMessageAt: facts.now - customerWindowMs };
    expect(mayDeliver(inside)).toEqual({ ok: true });
    expect(mayDeliver(outside)).toMatchObject({ ok: false, reason: 'outside_window' });
    expect(mayDeliver({ ...facts, lastCustomerMessageAt: null })).toMatchObject({
      ok: false,
      reason: 'outside_window',
    });
  });
});
