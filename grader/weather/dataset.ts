/**
 * The Seattle daily weather table (grader/weather/data/README.md says where it comes from): parsed
 * and checked row by row, so that a damaged file fails loudly with the line at fault instead of
 * feeding NaN into a grade.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The weather categories in a fixed order, from dry to wet: class k of the classification task. */
export const WEATHER_CLASSES = ['sun', 'fog', 'drizzle', 'rain', 'snow'] as const;
export type WeatherClass = (typeof WEATHER_CLASSES)[number];

export interface WeatherDay {
  /** ISO date, e.g. 2015-01-31. */
  date: string;
  year: number;
  /** 1 for 1 January, up to 365 or 366. */
  dayOfYear: number;
  /** 365 or 366. */
  daysInYear: number;
  precipitation: number;
  tempMax: number;
  tempMin: number;
  wind: number;
  /** Index into WEATHER_CLASSES. */
  weather: number;
}

export const DATA_FILE = join(__dirname, 'data', 'seattle-weather.csv');

const HEADER = 'date,precipitation,temp_max,temp_min,wind,weather';
const DAY_MS = 86_400_000;

/** Parses the CSV text; every day must follow the previous one (no gaps, no repeats). */
export function parseWeatherCsv(text: string, source = 'parseWeatherCsv'): WeatherDay[] {
  if (typeof text !== 'string') throw new TypeError(`parseWeatherCsv: argument text must be a string, got ${typeof text}`);
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines[0]?.trim() !== HEADER) {
    throw new RangeError(`${source}: the first line must be "${HEADER}", got "${lines[0] ?? ''}"`);
  }
  const days: WeatherDay[] = [];
  for (let k = 1; k < lines.length; k++) {
    const day = parseRow(lines[k], k + 1, source);
    const previous = days[days.length - 1];
    if (previous && Date.parse(day.date) - Date.parse(previous.date) !== DAY_MS) {
      throw new RangeError(
        `${source}: line ${k + 1}: ${day.date} does not follow ${previous.date} (the table must be daily, without gaps)`,
      );
    }
    days.push(day);
  }
  if (days.length === 0) throw new RangeError(`${source}: the table has no rows`);
  return days;
}

function parseRow(line: string, lineNumber: number, source: string): WeatherDay {
  const cells = line.trim().split(',');
  const where = `${source}: line ${lineNumber}`;
  if (cells.length !== 6) throw new RangeError(`${where}: expected 6 comma-separated fields, got ${cells.length}`);
  const [date, precipitation, tempMax, tempMin, wind, weather] = cells;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const time = Date.parse(date);
  if (!match || !Number.isFinite(time) || new Date(time).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`${where}: "${date}" is not a date of the form YYYY-MM-DD`);
  }
  const year = Number(match[1]);
  const number = (text: string, column: string): number => {
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) throw new RangeError(`${where}: ${column} "${text}" is not a number`);
    return value;
  };
  const weatherIndex = (WEATHER_CLASSES as readonly string[]).indexOf(weather);
  if (weatherIndex < 0) throw new RangeError(`${where}: weather "${weather}" is not one of ${WEATHER_CLASSES.join(', ')}`);
  const day: WeatherDay = {
    date,
    year,
    dayOfYear: Math.round((time - Date.UTC(year, 0, 1)) / DAY_MS) + 1,
    daysInYear: isLeapYear(year) ? 366 : 365,
    precipitation: number(precipitation, 'precipitation'),
    tempMax: number(tempMax, 'temp_max'),
    tempMin: number(tempMin, 'temp_min'),
    wind: number(wind, 'wind'),
    weather: weatherIndex,
  };
  if (day.precipitation < 0) throw new RangeError(`${where}: precipitation ${day.precipitation} is negative`);
  if (day.wind < 0) throw new RangeError(`${where}: wind ${day.wind} is negative`);
  return day;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

let memo: WeatherDay[] | undefined;

/** The committed table, parsed once per process. Returns a fresh array of fresh rows. */
export function loadSeattleWeather(): WeatherDay[] {
  memo ??= parseWeatherCsv(readFileSync(DATA_FILE, 'utf8'), DATA_FILE);
  return memo.map((day) => ({ ...day }));
}
