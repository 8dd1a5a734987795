/**
 * Stack traces from the sandbox name staged .js files; students need their own .ts file and line.
 * The source maps made while staging translate one to the other.
 */
import type { Location } from './faults';
import type { StagedWorkspace } from './stage';

const FRAME = /\(?((?:\/|[A-Za-z]:\\)[^()]*?):(\d+):(\d+)\)?\s*$/;

/** The first frame of the stack inside a student's file, as submission-relative file and line. */
export function mapStack(stack: string, workspace: Pick<StagedWorkspace, 'files'>): Location | undefined {
  if (typeof stack !== 'string' || stack === '') return undefined;
  for (const line of stack.split('\n').slice(0, 200)) {
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    const staged = workspace.files.get(match[1]);
    if (!staged || staged.fault) continue;
    const entry = staged.sourceMap.findEntry(Number(match[2]) - 1, Number(match[3]) - 1) as { originalLine?: number };
    if (typeof entry.originalLine === 'number') return { file: staged.submissionFile, line: entry.originalLine + 1 };
    return { file: staged.submissionFile };
  }
  return undefined;
}
