// Message dates read at a glance ("5 min ago"), with the exact time in the
// viewer's own zone on hover. The page itself says the date in UTC, the same
// for every viewer, so the timeline cache can serve it to all; each browser
// works out its own reading here. Without script the UTC date stays.
// Formatters cost a few milliseconds each to make: only a page with dates makes them, once.
const formatters = new Map();
const formatter = (options) => {
  if (!formatters.has(options)) formatters.set(options, new Intl.DateTimeFormat('en', options));
  return formatters.get(options);
};
const exact = { dateStyle: 'medium', timeStyle: 'long' };
const sameYear = { month: 'short', day: 'numeric' };
const otherYear = { month: 'short', day: 'numeric', year: 'numeric' };
const minute = 60 * 1000;
const hour = 60 * minute;
const day = 24 * hour;

/** How long ago `date` was, as a person says it. */
function relativeTime(date, now) {
  const age = now - date.getTime();
  // A clock a little ahead of ours is "now", not "in 1 min".
  if (age < minute) return 'now';
  if (age < hour) return `${Math.floor(age / minute)} min ago`;
  if (age < day) return `${Math.floor(age / hour)} h ago`;
  if (age < 7 * day) return `${Math.floor(age / day)} d ago`;
  const options = date.getFullYear() === new Date(now).getFullYear() ? sameYear : otherYear;
  return formatter(options).format(date);
}

function showRelativeTimes() {
  const now = Date.now();
  for (const time of document.querySelectorAll('time[datetime]')) {
    const date = new Date(time.dateTime);
    if (Number.isNaN(date.getTime())) continue;
    time.textContent = relativeTime(date, now);
    time.title = formatter(exact).format(date);
  }
}

showRelativeTimes();
setInterval(showRelativeTimes, 30 * 1000);
