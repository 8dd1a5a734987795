/**
 * Stack frames are parsed from student-controlled text without regular expressions, and the
 * input is cut first: a stack of thousands of slashes costs a bounded amount of work.
 */
import { SourceMap } from 'node:module';
import { describe, expect, it } from 'vitest';
import { frameLocation, mapStack, MAX_FRAME_LINE_LENGTH, MAX_FRAMES } from '../../../grader/sandbox/stack';
import type { StagedFile } from '../../../grader/sandbox/stage';

const STAGED = '/tmp/ws/exercises/06-cell-state/cell-state.js';

function workspaceWith(file: string): { files: Map<string, StagedFile> } {
  // Line 3 of the .js maps to line 12 of the .ts.
  const sourceMap = new SourceMap({
    version: 3,
    file: 'cell-state.js',
    sources: ['cell-state.ts'],
    names: [],
    mappings: ';;AAWA',
  } as never);
  return { files: new Map([[file, { jsPath: file, submissionFile: '06-cell-state/cell-state.ts', sourceMap, localImports: [] }]]) };
}

describe('frameLocation', () => {
  it('reads both frame forms, and nothing else', () => {
    expect(frameLocation(`    at cellState (${STAGED}:3:7)`)).toEqual({ path: STAGED, line: 3, column: 7 });
    expect(frameLocation(`    at ${STAGED}:3:7`)).toEqual({ path: STAGED, line: 3, column: 7 });
    expect(frameLocation('    at new Foo (node:internal/x:1:2)')).toBeUndefined();
    expect(frameLocation('Error: boom')).toBeUndefined();
    expect(frameLocation(`    at f (${STAGED}:x:7)`)).toBeUndefined();
  });

  it('skips a line longer than MAX_FRAME_LINE_LENGTH without reading it, even one that ends like a frame', () => {
    const slashes = `    at f (${'/'.repeat(MAX_FRAME_LINE_LENGTH)}:1:1)`;
    expect(frameLocation(slashes)).toBeUndefined();
    const justShort = `/${'a'.repeat(MAX_FRAME_LINE_LENGTH - 10)}:1:1`;
    expect(frameLocation(justShort)?.line).toBe(1);
  });
});

describe('mapStack', () => {
  it('maps the first frame in a student file to the .ts file and line', () => {
    const stack = `Error: boom\n    at lib (/tmp/ws/lib/linalg.js:1:1)\n    at cellState (${STAGED}:3:7)`;
    expect(mapStack(stack, workspaceWith(STAGED))).toEqual({ file: '06-cell-state/cell-state.ts', line: 12 });
  });

  it('looks at the first MAX_FRAMES lines only, and past lines of thousands of slashes', () => {
    const slashLine = `    at f (${'/'.repeat(5000)}:1:1)`;
    const stack = ['Error: boom', slashLine, slashLine, `    at cellState (${STAGED}:3:7)`].join('\n');
    expect(mapStack(stack, workspaceWith(STAGED))).toEqual({ file: '06-cell-state/cell-state.ts', line: 12 });
    const tooFar = [...Array.from({ length: MAX_FRAMES }, () => '/'.repeat(50)), `    at cellState (${STAGED}:3:7)`].join('\n');
    expect(mapStack(tooFar, workspaceWith(STAGED))).toBeUndefined();
  });

  it('does a bounded amount of work on a stack of thousands of slashes: each character is looked at a few times', () => {
    const stack = Array.from({ length: 300 }, () => `    at f (${'/'.repeat(900)}:1:)`).join('\n');
    let examined = 0;
    const original = { lastIndexOf: String.prototype.lastIndexOf, slice: String.prototype.slice };
    // Counts the characters the parser's string operations can touch.
    String.prototype.lastIndexOf = function (this: string, ...args: [string, number?]) {
      examined += this.length;
      return original.lastIndexOf.apply(this, args);
    };
    try {
      expect(mapStack(stack, workspaceWith(STAGED))).toBeUndefined();
    } finally {
      String.prototype.lastIndexOf = original.lastIndexOf;
    }
    const kept = MAX_FRAMES * 911;
    expect(examined).toBeLessThan(6 * kept);
  });
});
