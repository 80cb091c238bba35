import type { ProfileCounts } from '@minitwit/db';

const plurals = new Intl.PluralRules('en');

/** A user page's counts as the page shows them: "1 message", "12 followers", "3 following". */
export function profileCountsView({ messages, followers, following }: ProfileCounts) {
  const one = (count: number) => plurals.select(count) === 'one';
  return [
    { count: messages, label: one(messages) ? 'message' : 'messages' },
    { count: followers, label: one(followers) ? 'follower' : 'followers' },
    { count: following, label: 'following' },
  ];
}
