import t from 'tap';
import { TimelineCache, type TimelineRead } from '../src/index.js';

/** A cache of strings that counts what it was told, listening as after start-up. */
function cacheOf(options: { maxEntries?: number; maxBytes?: number } = {}) {
  const counted = { hit: 0, miss: 0, invalidation: 0 };
  const cache = new TimelineCache<string>({
    maxEntries: options.maxEntries ?? 100,
    maxBytes: options.maxBytes ?? 1_000_000,
    sizeOf: (value) => value.length,
    events: {
      hit: () => counted.hit++,
      miss: () => counted.miss++,
      invalidation: () => counted.invalidation++,
    },
  });
  cache.setListening(true);
  return { cache, counted };
}

/** A database stand-in whose answer the test changes, counting the reads. */
function source(value: string, shows: TimelineRead<string>['shows']) {
  const state = { value, reads: 0 };
  const read = async () => {
    state.reads++;
    return { value: state.value, shows };
  };
  return { state, read };
}

t.test('a timeline is read once, then served from memory', async (t) => {
  const { cache, counted } = cacheOf();
  const { state, read } = source('page 1', 'everyone');
  t.equal(await cache.read('public', read), 'page 1');
  t.equal(await cache.read('public', read), 'page 1');
  t.equal(await cache.read('public', read), 'page 1');
  t.equal(state.reads, 1, 'one read of the source');
  t.same(counted, { hit: 2, miss: 1, invalidation: 0 });
});

t.test(
  "a change to an author's messages makes their timelines and the public ones stale, not others'",
  async (t) => {
    const { cache } = cacheOf();
    const everyone = source('public 1', 'everyone');
    const seven = source('user 7, 1', 7);
    const eight = source('user 8, 1', 8);
    for (const [key, { read }] of [
      ['public', everyone],
      ['7', seven],
      ['8', eight],
    ] as const) {
      await cache.read(key, read);
    }
    everyone.state.value = 'public 2';
    seven.state.value = 'user 7, 2';
    cache.changed(7);
    t.equal(
      await cache.read('public', everyone.read),
      'public 2',
      'the public timeline is read again',
    );
    t.equal(await cache.read('7', seven.read), 'user 7, 2', "the author's timeline is read again");
    t.equal(await cache.read('8', eight.read), 'user 8, 1', "another author's stays cached");
    t.equal(eight.state.reads, 1);
  },
);

t.test(
  "a change to anyone's ('everyone': a table emptied) makes every timeline stale",
  async (t) => {
    const { cache } = cacheOf();
    const seven = source('user 7, 1', 7);
    await cache.read('7', seven.read);
    seven.state.value = 'user 7, 2';
    cache.changed('everyone');
    t.equal(await cache.read('7', seven.read), 'user 7, 2');
  },
);

t.test(
  'a read under way while something changed is served but not kept: it may have missed the change',
  async (t) => {
    const { cache } = cacheOf();
    let reads = 0;
    const slowRead = async () => {
      reads++;
      const value = `page ${reads}`;
      // The change commits while this read is still on its way back.
      if (reads === 1) cache.changed(3);
      return { value, shows: 'everyone' as const };
    };
    t.equal(await cache.read('public', slowRead), 'page 1');
    t.equal(await cache.read('public', slowRead), 'page 2', 'read again, not the doubtful page');
    t.equal(await cache.read('public', slowRead), 'page 2', 'then kept');
  },
);

t.test('not listening, every read goes to the source and nothing is kept', async (t) => {
  const { cache } = cacheOf();
  const { state, read } = source('page 1', 'everyone');
  await cache.read('public', read);
  cache.setListening(false);
  t.equal(cache.listening, false);
  state.value = 'page 2';
  t.equal(await cache.read('public', read), 'page 2', 'not the page cached before');
  t.equal(await cache.read('public', read), 'page 2');
  t.equal(state.reads, 3, 'each read while not listening asked the source');
  cache.setListening(true);
  state.value = 'page 3';
  t.equal(
    await cache.read('public', read),
    'page 3',
    'listening again: nothing from before is trusted',
  );
  t.equal(await cache.read('public', read), 'page 3');
  t.equal(state.reads, 4, 'and it caches again');
});

t.test('nothing to show (an unknown user) is not cached', async (t) => {
  const { cache } = cacheOf();
  let reads = 0;
  const unknown = async () => {
    reads++;
    return undefined;
  };
  t.equal(await cache.read('user nobody', unknown), undefined);
  t.equal(await cache.read('user nobody', unknown), undefined);
  t.equal(reads, 2);
});

t.test(
  'memory is bounded by entries and by bytes; the least recently read goes first',
  async (t) => {
    const byEntries = cacheOf({ maxEntries: 2 });
    const a = source('a', 1);
    const b = source('b', 2);
    const c = source('c', 3);
    await byEntries.cache.read('a', a.read);
    await byEntries.cache.read('b', b.read);
    await byEntries.cache.read('a', a.read);
    await byEntries.cache.read('c', c.read);
    await byEntries.cache.read('a', a.read);
    await byEntries.cache.read('b', b.read);
    t.same(
      [a.state.reads, b.state.reads],
      [1, 2],
      'b, the least recently read, was evicted; a stayed',
    );

    const bySize = cacheOf({ maxBytes: 10 });
    const big = source('x'.repeat(6), 1);
    const other = source('y'.repeat(6), 2);
    const tooBig = source('z'.repeat(11), 3);
    await bySize.cache.read('big', big.read);
    await bySize.cache.read('other', other.read);
    await bySize.cache.read('big', big.read);
    t.equal(big.state.reads, 2, 'two 6-byte pages do not fit in 10 bytes: the older went');
    await bySize.cache.read('too big', tooBig.read);
    t.equal(
      await bySize.cache.read('too big', tooBig.read),
      'z'.repeat(11),
      'a page above the bound is served',
    );
    t.equal(tooBig.state.reads, 2, 'but never kept');
  },
);

t.test('concurrent requests for a timeline that is not cached share one read', async (t) => {
  const { cache, counted } = cacheOf();
  // Each read waits until the test answers it, in the order they began.
  const answers: ((page: TimelineRead<string>) => void)[] = [];
  const slowRead = () =>
    new Promise<TimelineRead<string>>((resolve) => {
      answers.push(resolve);
    });
  const answer = (index: number, value: string) => {
    answers[index]?.({ value, shows: 'everyone' });
  };

  const waiting = Array.from({ length: 50 }, () => cache.read('public', slowRead));
  answer(0, 'page 1');
  t.same(await Promise.all(waiting), Array(50).fill('page 1'), 'all 50 get the page');
  t.equal(answers.length, 1, 'from one read');
  t.same(counted, { hit: 49, miss: 1, invalidation: 0 });

  cache.changed(2);
  const begunBefore = cache.read('public', slowRead);
  cache.changed(1);
  const begunAfter = cache.read('public', slowRead);
  t.equal(
    answers.length,
    3,
    'the page went stale, then a request after a change does not share a read begun before it',
  );
  answer(1, 'page 2, maybe stale');
  answer(2, 'page 2');
  t.equal(await begunBefore, 'page 2, maybe stale');
  t.equal(await begunAfter, 'page 2');
  t.equal(
    await cache.read('public', slowRead),
    'page 2',
    'the read begun after the change is kept',
  );
});

t.test(
  "a follow makes the follower's home timeline and both users' pages stale, nothing else",
  async (t) => {
    const { cache, counted } = cacheOf();
    const home = source('home of 7, 1', { follower: 7, authors: [7, 8] });
    const page7 = source('page of 7, 1', { profile: 7 });
    const page9 = source('page of 9, 1', { profile: 9 });
    const page10 = source('page of 10, 1', { profile: 10 });
    const home10 = source('home of 10, 1', { follower: 10, authors: [10] });
    const sources = { home, page7, page9, page10, home10 };
    for (const [key, { read }] of Object.entries(sources)) await cache.read(key, read);
    for (const each of Object.values(sources))
      each.state.value = each.state.value.replace(/1$/, '2');

    cache.followsChanged({ follower: 7, followed: 9 });
    t.equal(counted.invalidation, 1);
    t.equal(await cache.read('home', home.read), 'home of 7, 2', "the follower's home timeline");
    t.equal(await cache.read('page7', page7.read), 'page of 7, 2', "the follower's page");
    t.equal(await cache.read('page9', page9.read), 'page of 9, 2', "the followed user's page");
    t.equal(await cache.read('page10', page10.read), 'page of 10, 1', "another's page stays");
    t.equal(await cache.read('home10', home10.read), 'home of 10, 1', "another's home stays");

    cache.changed(8);
    t.equal(
      await cache.read('home', home.read),
      'home of 7, 2',
      'read again after a followed author posts',
    );
    t.equal(home.state.reads, 3);
    cache.changed(10);
    t.equal(
      await cache.read('page10', page10.read),
      'page of 10, 2',
      "a user's messages: their page",
    );

    cache.followsChanged('everyone');
    t.equal(await cache.read('home10', home10.read), 'home of 10, 2', "'everyone': every entry");
  },
);
