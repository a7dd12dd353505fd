// `deploy-window`: when a production release may start, e.g. `Mon-Fri 09:00-17:00 Europe/Paris`,
// several windows separated by commas. Local times come from the platform's time zone database
// (Intl), so daylight saving changes are the database's business, never a rule written here.
import { inputError } from '../shared/errors.ts';

export interface DeployWindow {
  text: string;
  /** 0 = Sunday … 6 = Saturday, as Date.getUTCDay. */
  days: ReadonlySet<number>;
  /** Minutes since local midnight; `end` may be 1440 (24:00). end <= start: the window ends the next day. */
  start: number;
  end: number;
  timeZone: string;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FULL = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const FORMAT = 'DAYS HH:MM-HH:MM [TIME_ZONE], e.g. Mon-Fri 09:00-17:00 Europe/Paris';

function bad(problem: string): Error {
  return inputError(
    'deploy-window',
    problem,
    `Write each window as ${FORMAT} (a day or a range of days, 24-hour times, an IANA time zone, UTC when left out); separate windows with commas.`,
  );
}

function day(text: string): number {
  const lower = text.toLowerCase();
  const index = DAYS.indexOf(lower) >= 0 ? DAYS.indexOf(lower) : FULL.indexOf(lower);
  if (index < 0) throw bad(`'${text}' is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)`);
  return index;
}

function days(text: string): Set<number> {
  const [from, to, ...rest] = text.split('-');
  if (rest.length > 0 || from === undefined) throw bad(`'${text}' is not a day or a range of days`);
  const first = day(from);
  const last = to === undefined ? first : day(to);
  const set = new Set<number>();
  // A range may wrap past Sunday: Fri-Mon is Fri, Sat, Sun, Mon.
  for (let d = first; ; d = (d + 1) % 7) {
    set.add(d);
    if (d === last) break;
  }
  return set;
}

function minutes(hours: string, mins: string, text: string, isEnd: boolean): number {
  const h = Number(hours);
  const m = Number(mins);
  if (m > 59 || h > 24 || (h === 24 && (m !== 0 || !isEnd))) throw bad(`'${text}' is not a time range`);
  return h * 60 + m;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

function zone(text: string): string {
  try {
    return formatter(text).resolvedOptions().timeZone;
  } catch {
    throw bad(`'${text}' is not a time zone the runner knows (IANA names such as Europe/Paris, or UTC)`);
  }
}

export function parseDeployWindows(spec: string): DeployWindow[] {
  const windows = spec.split(',').map((part) => part.trim());
  if (windows.some((w) => w === '')) throw bad(`'${spec}' has an empty window`);
  return windows.map((text) => {
    const [dayText, timeText, zoneText, ...rest] = text.split(/\s+/);
    const time = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(timeText ?? '');
    if (!dayText || !time || rest.length > 0) throw bad(`'${text}' is not ${FORMAT}`);
    const start = minutes(time[1]!, time[2]!, timeText!, false);
    const end = minutes(time[3]!, time[4]!, timeText!, true);
    if (start === end) throw bad(`'${timeText}' opens and closes at the same time`);
    return { text, days: days(dayText), start, end, timeZone: zone(zoneText ?? 'UTC') };
  });
}

interface Local {
  weekday: number;
  minute: number;
  date: string;
  time: string;
}

function local(at: Date, timeZone: string): Local {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const hour = Number(parts.hour) % 24;
  return {
    weekday: DAYS.indexOf(String(parts.weekday).toLowerCase()),
    minute: hour * 60 + Number(parts.minute),
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${String(hour).padStart(2, '0')}:${parts.minute}`,
  };
}

function within(window: DeployWindow, at: Date): boolean {
  const { weekday, minute } = local(at, window.timeZone);
  if (window.start < window.end) return window.days.has(weekday) && minute >= window.start && minute < window.end;
  return (
    (window.days.has(weekday) && minute >= window.start) || (window.days.has((weekday + 6) % 7) && minute < window.end)
  );
}

export function openWindow(windows: readonly DeployWindow[], at: Date): DeployWindow | undefined {
  return windows.find((w) => within(w, at));
}

const MINUTE = 60_000;

/**
 * The first minute after `from` at which a window is open (within 8 days, which every weekly window
 * reaches), scanning minute by minute: a window that opens inside a daylight saving gap opens at
 * the first local minute that exists, with no rule of ours about when clocks change.
 */
export function nextOpening(
  windows: readonly DeployWindow[],
  from: Date,
): { at: Date; window: DeployWindow } | undefined {
  const first = Math.floor(from.getTime() / MINUTE) * MINUTE + MINUTE;
  for (let t = first; t <= first + 8 * 24 * 60 * MINUTE; t += MINUTE) {
    const window = openWindow(windows, new Date(t));
    if (window) return { at: new Date(t), window };
  }
  return undefined;
}

/** "Sun 2026-03-29 10:00 Europe/Paris": a moment as people there read it. */
export function localTime(at: Date, timeZone: string): string {
  const { weekday, date, time } = local(at, timeZone);
  const name = DAYS[weekday]!;
  return `${name[0]!.toUpperCase()}${name.slice(1)} ${date} ${time} ${timeZone}`;
}
