import { KrogerHours } from '../kroger/kroger-types';
import { localTime, openStatus } from './store-hours';

const daily = (open: string, close: string): KrogerHours => ({
  timezone: 'America/New_York',
  open24: false,
  days: Object.fromEntries(
    ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [
      d,
      { open, close, open24: false },
    ]),
  ),
});

describe('openStatus', () => {
  // Monday 2026-11-23 at 15:00 UTC is 10:00 in New York.
  const mondayMorning = new Date('2026-11-23T15:00:00Z');

  it('reads the local time in the store time zone', () => {
    expect(localTime('America/New_York', mondayMorning)).toEqual({ day: 'monday', minute: 600 });
    expect(localTime('America/Los_Angeles', mondayMorning)).toEqual({ day: 'monday', minute: 420 });
  });

  it('reads it afresh each minute, across a daylight-saving jump and between zones', () => {
    expect(localTime('America/New_York', new Date('2026-11-23T15:00:59Z'))).toEqual({ day: 'monday', minute: 600 });
    expect(localTime('America/New_York', new Date('2026-11-23T15:01:00Z'))).toEqual({ day: 'monday', minute: 601 });
    // New York on 2026-03-08: 01:59 EST, then 03:00 EDT one UTC minute later.
    expect(localTime('America/New_York', new Date('2026-03-08T06:59:30Z'))).toEqual({ day: 'sunday', minute: 119 });
    expect(localTime('America/Chicago', new Date('2026-03-08T06:59:40Z'))).toEqual({ day: 'sunday', minute: 59 });
    expect(localTime('America/New_York', new Date('2026-03-08T07:00:00Z'))).toEqual({ day: 'sunday', minute: 180 });
  });

  it('is open within hours and names the closing time', () => {
    expect(openStatus(daily('06:00', '23:00'), mondayMorning)).toEqual({
      openNow: true,
      closesAt: '23:00',
      nextOpening: null,
    });
  });

  it('is closed before opening and after closing, naming the next opening', () => {
    expect(openStatus(daily('11:00', '21:00'), mondayMorning)).toEqual({
      openNow: false,
      closesAt: null,
      nextOpening: { day: 'monday', time: '11:00' },
    });
    const lateNight = new Date('2026-11-24T03:30:00Z'); // Monday 22:30 in New York
    expect(openStatus(daily('06:00', '22:00'), lateNight)).toEqual({
      openNow: false,
      closesAt: null,
      nextOpening: { day: 'tuesday', time: '06:00' },
    });
  });

  it('handles hours past midnight and stores open all day', () => {
    const early = new Date('2026-11-24T05:30:00Z'); // Tuesday 00:30 in New York
    expect(openStatus(daily('06:00', '01:00'), early)).toMatchObject({ openNow: true, closesAt: '01:00' });
    expect(openStatus({ timezone: 'America/Denver', open24: true, days: {} }, early)).toEqual({
      openNow: true,
      closesAt: null,
      nextOpening: null,
    });
    expect(openStatus(undefined)).toBeUndefined();
  });
});
