/**
 * What an instructor sets for Gradescope, stored in the autograder zip as gradescope.config.json
 * and read by run_autograder. Environment variables override it (LSTM_LAB_VISIBILITY,
 * LSTM_LAB_STDOUT_VISIBILITY), so a setting can be changed without rebuilding the zip.
 */
import * as fs from 'node:fs';
import { isVisibility, VISIBILITIES, type Visibility } from '../../grader/reporters/gradescope-schema';

export const CONFIG_FILE = 'gradescope.config.json';

export interface GradescopeConfig {
  /** Applied to the whole result and to every test; absent = what the grader wrote. */
  visibility?: Visibility;
  /** Who sees run_autograder's own output; absent = Gradescope's default (hidden). */
  stdoutVisibility?: Visibility;
  /** Extra options for `npm run grade`, e.g. ["--quick"]. */
  gradeArgs: string[];
}

export function parseVisibility(value: string, fn: string, argument: string): Visibility {
  if (isVisibility(value)) return value;
  throw new TypeError(`${fn}: ${argument} must be one of ${VISIBILITIES.join(', ')}, got ${JSON.stringify(value)}`);
}

/** Validates a parsed config file (unknown keys are refused, so a typo does not go unnoticed). */
export function parseConfig(value: unknown): GradescopeConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`parseConfig: ${CONFIG_FILE} must hold a JSON object`);
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!['visibility', 'stdoutVisibility', 'gradeArgs'].includes(key)) {
      throw new TypeError(`parseConfig: unknown key ${JSON.stringify(key)} in ${CONFIG_FILE}`);
    }
  }
  const config: GradescopeConfig = { gradeArgs: [] };
  for (const key of ['visibility', 'stdoutVisibility'] as const) {
    const setting = record[key];
    if (setting === undefined) continue;
    if (typeof setting !== 'string') throw new TypeError(`parseConfig: ${key} in ${CONFIG_FILE} must be a string`);
    config[key] = parseVisibility(setting, 'parseConfig', key);
  }
  if (record.gradeArgs !== undefined) {
    if (!Array.isArray(record.gradeArgs) || !record.gradeArgs.every((a) => typeof a === 'string')) {
      throw new TypeError(`parseConfig: gradeArgs in ${CONFIG_FILE} must be an array of strings`);
    }
    config.gradeArgs = record.gradeArgs;
  }
  return config;
}

/** The config file if there is one, with environment overrides applied. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv): GradescopeConfig {
  const config = fs.existsSync(file) ? parseConfig(JSON.parse(fs.readFileSync(file, 'utf8'))) : { gradeArgs: [] };
  if (env.LSTM_LAB_VISIBILITY) config.visibility = parseVisibility(env.LSTM_LAB_VISIBILITY, 'loadConfig', 'LSTM_LAB_VISIBILITY');
  if (env.LSTM_LAB_STDOUT_VISIBILITY) {
    config.stdoutVisibility = parseVisibility(env.LSTM_LAB_STDOUT_VISIBILITY, 'loadConfig', 'LSTM_LAB_STDOUT_VISIBILITY');
  }
  return config;
}
