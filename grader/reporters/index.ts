/** Name → reporter, and which reporters a run uses. */
import { classroomReporter } from './classroom';
import { githubReporter } from './github';
import { htmlReporter } from './html';
import { junitReporter } from './junit';
import { replayReporter } from './replay';
import type { Visibility } from './gradescope-schema';
import { resultsJsonReporter } from './results-json';
import { terminalReporter } from './terminal';
import type { Reporter } from './types';

export function reporterMap(visibility: Visibility): Record<string, Reporter> {
  return {
    terminal: terminalReporter,
    'results-json': resultsJsonReporter(visibility),
    html: htmlReporter,
    junit: junitReporter,
    github: githubReporter,
    classroom: classroomReporter,
    replay: replayReporter,
  };
}

/**
 * Files first, so the terminal's last lines can point at them; GitHub outputs only in Actions. A
 * replay prints its case and writes no file: the last full report stays.
 */
export function reportersFor(options: { classroom: boolean; replay: boolean; env: NodeJS.ProcessEnv; visibility: Visibility }): Reporter[] {
  const map = reporterMap(options.visibility);
  if (options.replay) return [map.replay];
  const names = ['results-json', 'html', 'junit'];
  if (options.env.GITHUB_ACTIONS === 'true') names.push('github');
  if (options.classroom) names.push('classroom');
  names.push('terminal');
  return names.map((name) => map[name]);
}
