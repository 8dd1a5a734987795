import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATA_FILE, WEATHER_CLASSES, loadSeattleWeather, parseWeatherCsv } from '../../../grader/weather/dataset';

const HEADER = 'date,precipitation,temp_max,temp_min,wind,weather';

describe('the committed Seattle weather table', () => {
  it('is the file of vega-datasets 3.2.1, byte for byte (grader/weather/data/README.md)', () => {
    const digest = createHash('sha256').update(readFileSync(DATA_FILE)).digest('hex');
    expect(digest).toBe('0845078a290b48e3149ab8639966824110a251db4e06fc144c06ebb534af23be');
  });

  it('holds every day of 2012–2015 once, with day of year and leap years right', () => {
    const days = loadSeattleWeather();
    expect(days).toHaveLength(1461);
    expect(days[0]).toEqual({
      date: '2012-01-01',
      year: 2012,
      dayOfYear: 1,
      daysInYear: 366,
      precipitation: 0,
      tempMax: 12.8,
      tempMin: 5,
      wind: 4.7,
      weather: WEATHER_CLASSES.indexOf('drizzle'),
    });
    expect(days.find((d) => d.date === '2012-12-31')).toMatchObject({ dayOfYear: 366, daysInYear: 366 });
    expect(days.find((d) => d.date === '2013-12-31')).toMatchObject({ dayOfYear: 365, daysInYear: 365 });
    expect(days.at(-1)).toMatchObject({ date: '2015-12-31', weather: WEATHER_CLASSES.indexOf('sun') });
    const perYear = [2012, 2013, 2014, 2015].map((year) => days.filter((d) => d.year === year).length);
    expect(perYear).toEqual([366, 365, 365, 365]);
  });

  it("hands out fresh rows, so a caller cannot change the next caller's data", () => {
    const first = loadSeattleWeather();
    first[0].tempMax = 99;
    expect(loadSeattleWeather()[0].tempMax).toBe(12.8);
  });
});

describe('parseWeatherCsv', () => {
  const row = (date: string, rest = '0.0,10.0,5.0,2.0,sun') => `${date},${rest}`;

  it('accepts Windows line endings and a trailing newline', () => {
    expect(parseWeatherCsv(`${HEADER}\r\n${row('2014-02-28')}\r\n${row('2014-03-01')}\r\n`)).toHaveLength(2);
  });

  it('names the line and the problem', () => {
    expect(() => parseWeatherCsv('date,temp\n')).toThrow(`parseWeatherCsv: the first line must be "${HEADER}", got "date,temp"`);
    expect(() => parseWeatherCsv(HEADER)).toThrow('parseWeatherCsv: the table has no rows');
    expect(() => parseWeatherCsv(`${HEADER}\n${row('2014-01-01')}\n${row('2014-01-03')}`)).toThrow(
      'parseWeatherCsv: line 3: 2014-01-03 does not follow 2014-01-01 (the table must be daily, without gaps)',
    );
    expect(() => parseWeatherCsv(`${HEADER}\n${row('2014-02-30')}`)).toThrow(
      'parseWeatherCsv: line 2: "2014-02-30" is not a date of the form YYYY-MM-DD',
    );
    expect(() => parseWeatherCsv(`${HEADER}\n${row('2014-01-01', '0.0,warm,5.0,2.0,sun')}`)).toThrow(
      'parseWeatherCsv: line 2: temp_max "warm" is not a number',
    );
    expect(() => parseWeatherCsv(`${HEADER}\n${row('2014-01-01', '0.0,10,5.0,2.0,hail')}`)).toThrow(
      'parseWeatherCsv: line 2: weather "hail" is not one of sun, fog, drizzle, rain, snow',
    );
    expect(() => parseWeatherCsv(`${HEADER}\n${row('2014-01-01', '-1,10,5.0,2.0,sun')}`)).toThrow(
      'parseWeatherCsv: line 2: precipitation -1 is negative',
    );
    expect(() => parseWeatherCsv(`${HEADER}\n2014-01-01,0.0,10`)).toThrow(
      'parseWeatherCsv: line 2: expected 6 comma-separated fields, got 3',
    );
    expect(() => parseWeatherCsv(42 as never)).toThrow('parseWeatherCsv: argument text must be a string, got number');
  });
});
