import { describe, expect, it } from 'vitest';
import { localTime, nextOpening, openWindow, parseDeployWindows } from '../../src/production/deploy-window.ts';

const windows = (spec: string) => parseDeployWindows(spec);
const open = (spec: string, at: string) => openWindow(windows(spec), new Date(at)) !== undefined;
const next = (spec: string, at: string) => nextOpening(windows(spec), new Date(at))?.at.toISOString();

describe('parseDeployWindows', () => {
  it('reads days, times and the zone, several windows separated by commas', () => {
    const [weekdays, weekend] = windows('Mon-Fri 09:00-17:00 Europe/Paris, sat-sunday 10:30-12:00');
    expect([...weekdays!.days].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(weekdays).toMatchObject({ start: 540, end: 1020, timeZone: 'Europe/Paris' });
    expect([...weekend!.days].sort()).toEqual([0, 6]);
    expect(weekend).toMatchObject({ start: 630, end: 720, timeZone: 'UTC' });
  });

  it('a range may wrap past Sunday', () => {
    expect([...windows('Fri-Mon 00:00-24:00')[0]!.days].sort()).toEqual([0, 1, 5, 6]);
  });

  it.each([
    ['', /has an empty window/],
    ['Mon-Fri', /is not DAYS HH:MM-HH:MM/],
    ['Mon-Fri 9-17', /is not DAYS HH:MM-HH:MM/],
    ['Mon-Fri 09:00-17:00 Europe/Paris extra', /is not DAYS HH:MM-HH:MM/],
    ['Lun-Ven 09:00-17:00', /'Lun' is not a day/],
    ['Mon-Tue-Wed 09:00-17:00', /is not a day or a range of days/],
    ['Mon 09:60-17:00', /is not a time range/],
    ['Mon 24:00-17:00', /is not a time range/],
    ['Mon 09:00-09:00', /opens and closes at the same time/],
    ['Mon 09:00-17:00 Mars/Olympus', /'Mars\/Olympus' is not a time zone the runner knows/],
    ['Mon 09:00-17:00 Europe/Paris,', /has an empty window/],
  ])('%j is an input error', (spec, message) => {
    expect(() => parseDeployWindows(spec)).toThrow(/^Input 'deploy-window': /);
    expect(() => parseDeployWindows(spec)).toThrow(message);
  });
});

describe('openWindow and nextOpening', () => {
  const OFFICE = 'Mon-Fri 09:00-17:00 Europe/Paris';

  it.each([
    ['2026-03-27T07:59:00Z', false], // Fri 08:59 CET
    ['2026-03-27T08:00:00Z', true], // Fri 09:00 CET
    ['2026-03-27T15:59:00Z', true], // Fri 16:59 CET
    ['2026-03-27T16:00:00Z', false], // Fri 17:00 CET: the end is excluded
    ['2026-03-29T10:00:00Z', false], // Sunday
    ['2026-03-30T07:00:00Z', true], // Mon 09:00 CEST: one hour earlier in UTC than the Friday
  ])('%s open: %s', (at, expected) => {
    expect(open(OFFICE, at)).toBe(expected);
  });

  it('across the spring-forward weekend, the next opening is Monday 09:00 CEST (07:00Z, not 08:00Z)', () => {
    expect(next(OFFICE, '2026-03-27T16:30:00Z')).toBe('2026-03-30T07:00:00.000Z');
    expect(localTime(new Date('2026-03-30T07:00:00Z'), 'Europe/Paris')).toBe('Mon 2026-03-30 09:00 Europe/Paris');
  });

  it('across the fall-back weekend, Monday 09:00 CET is 08:00Z', () => {
    expect(next(OFFICE, '2026-10-23T16:30:00Z')).toBe('2026-10-26T08:00:00.000Z');
  });

  it('a window opening inside the daylight saving gap opens at the first local minute that exists', () => {
    // 2026-03-29 in Paris: 02:00 CET jumps to 03:00 CEST; 02:30 never happens.
    expect(next('Sun 02:30-05:00 Europe/Paris', '2026-03-29T00:45:00Z')).toBe('2026-03-29T01:00:00.000Z');
    expect(localTime(new Date('2026-03-29T01:00:00Z'), 'Europe/Paris')).toBe('Sun 2026-03-29 03:00 Europe/Paris');
  });

  it('the repeated hour of the fall-back night is inside a window covering it, both times', () => {
    // 2026-10-25 in Paris: 03:00 CEST goes back to 02:00 CET; 02:15 happens at 00:15Z and 01:15Z.
    expect(open('Sun 02:00-02:30 Europe/Paris', '2026-10-25T00:15:00Z')).toBe(true);
    expect(open('Sun 02:00-02:30 Europe/Paris', '2026-10-25T01:15:00Z')).toBe(true);
    expect(open('Sun 02:00-02:30 Europe/Paris', '2026-10-25T01:45:00Z')).toBe(false);
  });

  it('an overnight window belongs to the day it opens', () => {
    const NIGHT = 'Fri 22:00-02:00 UTC';
    expect(open(NIGHT, '2026-03-27T23:00:00Z')).toBe(true); // Friday night
    expect(open(NIGHT, '2026-03-28T01:59:00Z')).toBe(true); // Saturday early morning
    expect(open(NIGHT, '2026-03-28T02:00:00Z')).toBe(false);
    expect(open(NIGHT, '2026-03-26T23:00:00Z')).toBe(false); // Thursday night
  });

  it('the soonest of several windows, in their own zones', () => {
    expect(next('Mon 09:00-10:00 Europe/Paris, Sun 20:00-21:00 America/New_York', '2026-03-29T10:00:00Z')).toBe(
      '2026-03-30T00:00:00.000Z',
    );
  });
});
