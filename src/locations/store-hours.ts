import { KrogerHours, WEEK_DAYS, WeekDay } from '../kroger/kroger-types';

export interface OpenStatus {
  openNow: boolean;
  /** Local closing time today while open, e.g. "23:00"; null when open all day. */
  closesAt: string | null;
  /** The next opening while closed, in the store's time zone. */
  nextOpening: { day: WeekDay; time: string } | null;
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h || 0) * 60 + (m || 0);
};

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    // Kroger's stores span a handful of zones; an unknown zone throws above and is never kept.
    formatters.set(timezone, formatter);
  }
  return formatter;
}

interface LocalMinute {
  /** The UTC minute it was read for (ms since the epoch / 60 000). */
  utcMinute: number;
  day: WeekDay;
  minute: number;
}

/**
 * The last local minute read per time zone: every store answer shows whether it is open now, and
 * formatting a date into parts costs more than the rest of the answer. Zone offsets are whole
 * minutes, so within one UTC minute the local minute cannot change.
 */
const lastRead = new Map<string, LocalMinute>();

/** The store's local weekday and minute of the day, from its IANA time zone. */
export function localTime(timezone: string, now: Date): { day: WeekDay; minute: number } {
  const utcMinute = Math.floor(now.getTime() / 60_000);
  const last = lastRead.get(timezone);
  if (last?.utcMinute === utcMinute) return { day: last.day, minute: last.minute };
  const parts = formatterFor(timezone).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').toLowerCase() as WeekDay;
  const minute = Number(get('hour')) * 60 + Number(get('minute'));
  lastRead.set(timezone, { utcMinute, day, minute });
  return { day, minute };
}

/** Whether a store is open now, and when it closes or next opens (hours past midnight included). */
export function openStatus(hours: KrogerHours | undefined, now = new Date()): OpenStatus | undefined {
  if (!hours?.timezone) return undefined;
  if (hours.open24) return { openNow: true, closesAt: null, nextOpening: null };
  const { day, minute } = localTime(hours.timezone, now);
  const index = WEEK_DAYS.indexOf(day);
  const yesterday = hours.days[WEEK_DAYS[(index + 6) % 7]];
  // Yesterday's hours running past midnight (e.g. 06:00–01:00) still count this morning.
  if (
    yesterday &&
    !yesterday.open24 &&
    toMinutes(yesterday.close) < toMinutes(yesterday.open) &&
    minute < toMinutes(yesterday.close)
  ) {
    return { openNow: true, closesAt: yesterday.close, nextOpening: null };
  }
  const today = hours.days[day];
  if (today) {
    if (today.open24) return { openNow: true, closesAt: null, nextOpening: null };
    const open = toMinutes(today.open);
    const close = toMinutes(today.close);
    const overnight = close <= open;
    if (minute >= open && (overnight || minute < close || today.close === '23:59'))
      return { openNow: true, closesAt: today.close, nextOpening: null };
    if (minute < open) return { openNow: false, closesAt: null, nextOpening: { day, time: today.open } };
  }
  for (let offset = 1; offset <= 7; offset += 1) {
    const next = WEEK_DAYS[(index + offset) % 7];
    const hoursOfDay = hours.days[next];
    if (hoursOfDay)
      return {
        openNow: false,
        closesAt: null,
        nextOpening: { day: next, time: hoursOfDay.open24 ? '00:00' : hoursOfDay.open },
      };
  }
  return { openNow: false, closesAt: null, nextOpening: null };
}
