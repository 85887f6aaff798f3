import { describe, expect, it } from 'vitest';
import { insertQuickReply, matchQuickReplies, quickReplyQuery } from './quick-reply-input.ts';

describe('quick replies in the composer', () => {
  const replies = [
    { shortcut: 'thanks', text: 'Thank you for your order!' },
    { shortcut: 'hours', text: 'We open 9 to 5.' },
    { shortcut: 'address', text: 'Calle Mayor 1, thanks for asking' },
  ];

  it('finds the /word being typed', () => {
    expect(quickReplyQuery('/')).toEqual({ query: '', start: 0 });
    expect(quickReplyQuery('/Tha')).toEqual({ query: 'tha', start: 0 });
    expect(quickReplyQuery('Hi /ho')).toEqual({ query: 'ho', start: 3 });
    expect(quickReplyQuery('Hi /ho there', 6)).toEqual({ query: 'ho', start: 3 });
    expect(quickReplyQuery('a/b')).toBeNull();
    expect(quickReplyQuery('/ho ')).toBeNull();
  });

  it('matches shortcuts first, then text', () => {
    expect(matchQuickReplies(replies, 'ho').map((r) => r.shortcut)).toEqual(['hours']);
    expect(matchQuickReplies(replies, 'thank').map((r) => r.shortcut)).toEqual([
      'thanks',
      'address',
    ]);
    expect(matchQuickReplies(replies, '')).toHaveLength(3);
  });

  it('replaces the /word with the reply', () => {
    expect(insertQuickReply('Hi /ho!', { start: 3, caret: 6 }, replies[1]!)).toEqual({
      text: 'Hi We open 9 to 5.!',
      caret: 18,
    });
  });
});
