/**
 * Stack traces from the sandbox name staged .js files; students need their own .ts file and line.
 * The source maps made while staging translate one to the other.
 *
 * The stack is student-controlled text (`error.stack = …`), so it is parsed without regular
 * expressions, and cut first: at most MAX_FRAMES lines, and a line longer than
 * MAX_FRAME_LINE_LENGTH is no frame of a staged file (workspace paths are short) and is skipped
 * unread. Each line that is read is scanned a fixed number of times, so the work is linear in
 * the kept text.
 */
import type { Location } from './faults';
import type { StagedWorkspace } from './stage';

/** Lines of a stack looked at. */
export const MAX_FRAMES = 200;
/** Longest line read as a frame. */
export const MAX_FRAME_LINE_LENGTH = 1000;

export interface FrameLocation {
  path: string;
  line: number;
  column: number;
}

/**
 * The file, line and column of one stack line, `at fn (/abs/file.js:12:5)` or `at /abs/file.js:12:5`;
 * undefined for anything else, and for lines longer than MAX_FRAME_LINE_LENGTH.
 */
export function frameLocation(stackLine: string): FrameLocation | undefined {
  if (stackLine.length > MAX_FRAME_LINE_LENGTH) return undefined;
  let text = stackLine.trim();
  if (text.endsWith(')')) text = text.slice(0, -1);
  const lastColon = text.lastIndexOf(':');
  const column = digits(text.slice(lastColon + 1));
  if (lastColon < 0 || column === undefined) return undefined;
  const lineColon = text.lastIndexOf(':', lastColon - 1);
  const line = digits(text.slice(lineColon + 1, lastColon));
  if (lineColon < 0 || line === undefined) return undefined;
  const before = text.slice(0, lineColon);
  const open = before.lastIndexOf('(');
  const path = open >= 0 ? before.slice(open + 1) : before.startsWith('at ') ? before.slice(3) : before;
  if (!(path.startsWith('/') || /^[A-Za-z]:\\/.test(path))) return undefined;
  return { path, line, column };
}

function digits(text: string): number | undefined {
  if (text.length === 0 || text.length > 9) return undefined;
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code < 0x30 || code > 0x39) return undefined;
  }
  return Number(text);
}

/** The first frame of the stack inside a student's file, as submission-relative file and line. */
export function mapStack(stack: string, workspace: Pick<StagedWorkspace, 'files'>): Location | undefined {
  if (typeof stack !== 'string' || stack === '') return undefined;
  let start = 0;
  for (let frame = 0; frame < MAX_FRAMES && start < stack.length; frame++) {
    const end = stack.indexOf('\n', start);
    const stop = end < 0 ? stack.length : end;
    const location = stop - start <= MAX_FRAME_LINE_LENGTH ? frameLocation(stack.slice(start, stop)) : undefined;
    start = stop + 1;
    if (!location) continue;
    const staged = workspace.files.get(location.path);
    if (!staged || staged.fault) continue;
    const entry = staged.sourceMap.findEntry(location.line - 1, location.column - 1) as { originalLine?: number };
    if (typeof entry.originalLine === 'number') return { file: staged.submissionFile, line: entry.originalLine + 1 };
    return { file: staged.submissionFile };
  }
  return undefined;
}
