/**
 * The test tree mirrors the code (docs/architecture.md): the test of `grader/checks/kinds/forward.ts`
 * is `test/grader/checks/kinds/forward.test.ts`, shared test code lives in test/helpers/ and
 * test/fixtures/, and every module of the grader, lib/ and scripts/ is imported by some test, or
 * is an entry point no test can import (ENTRY_POINTS, each with its reason).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { GRADER_ROOT } from '../grader/paths';

const TEST_DIR = path.join(GRADER_ROOT, 'test');

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...filesUnder(full, keep));
    } else if (keep(full)) out.push(full);
  }
  return out;
}

const isTypeScript = (file: string) => file.endsWith('.ts') && !file.endsWith('.d.ts');

/** Every relative module a file imports (static, type-only and dynamic imports), resolved to a file. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((ref) => ref.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => {
      const target = path.resolve(path.dirname(file), name);
      for (const candidate of [`${target}.ts`, path.join(target, 'index.ts'), target]) {
        try {
          if (statSync(candidate).isFile()) return candidate;
        } catch {
          // try the next form
        }
      }
      return target;
    });
}

/**
 * Modules that run when loaded (a process, a worker, a command-line tool), so no test can import
 * them, and the one bench library that only spawns PyTorch: path → why, and what exercises it. A
 * test file or docs page named here must exist.
 */
const ENTRY_POINTS: Record<string, string> = {
  'grader/sandbox/child/entry.ts':
    'the sandbox process (serves requests from its descriptors on load): test/grader/sandbox/runner.test.ts and test/grader/sandbox/hostile.test.ts run it',
  'grader/sandbox/compile-worker.ts':
    "the compiler's worker thread (answers its parent port on load): test/grader/sandbox/compiler.test.ts runs it",
  'grader/class/grading/worker.ts':
    "the grading pool's worker process (workerpool.worker on load): test/grader/class/class.test.ts runs it through npm run grade:class",
  'grader/bench/index.ts': '`npm run bench`, a measuring tool run by hand; its figures are in docs/copy-task.md',
  'grader/bench/round-trip.ts': "the sandbox's round-trip benchmark, run by hand; its figures are in docs/sandbox.md",
  'grader/bench/reference-runs.ts': "times the copy task's reference runs, by hand or under hyperfine; figures in docs/copy-task.md",
  'grader/bench/step-cpu.ts': 'CPU per training step against another checkout, a measuring tool run by hand (docs/copy-task.md)',
  'grader/bench/tiers.ts': "measures the delay tiers' steps to solve, a measuring tool run by hand (docs/copy-task.md)",
  'grader/bench/torch.ts': "runs the bench's PyTorch scripts with /usr/bin/python3 for npm run bench: spawning them is all it does",
  'scripts/calibrate.ts': 'calibrates the gradient tolerance over thousands of seeds, run by hand (docs/grading.md)',
  'scripts/calibrate-weather.ts': "calibrates the sequence tasks' bars over many seeds, run by hand (docs/sequence-tasks.md)",
  'scripts/copy-task/calibrate-steps.ts': "calibrates the copy task's steps-to-solve rule, run by hand (docs/copy-task.md)",
  'scripts/class/bench.ts': '`npm run bench:class`, the class-grading speed measurement (docs/class-grading.md)',
  'scripts/measure-feedback.ts': 'grades every known mistake at several seeds to measure the feedback, a measuring tool run by hand',
};

const testFiles = filesUnder(
  TEST_DIR,
  (f) => isTypeScript(f) && !f.includes(`${path.sep}fixtures${path.sep}independent-mistakes${path.sep}cases${path.sep}`),
);
const importedByTests = new Set(testFiles.flatMap(importsOf));

describe('the test tree', () => {
  it('mirrors the code: every test file sits in the test twin of a source folder', () => {
    const misplaced = testFiles
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => path.relative(TEST_DIR, path.dirname(f)))
      .filter((dir) => dir !== '' && !dir.startsWith('helpers') && !dir.startsWith('fixtures'))
      .filter((dir) => {
        try {
          return !statSync(path.join(GRADER_ROOT, dir)).isDirectory();
        } catch {
          return true;
        }
      });
    expect([...new Set(misplaced)]).toEqual([]);
  });

  it('imports every module of grader/, lib/ and scripts/ from some test', () => {
    const modules = ['grader', 'lib', 'scripts'].flatMap((dir) =>
      filesUnder(path.join(GRADER_ROOT, dir), (f) => isTypeScript(f) && !f.endsWith('.assembly.ts')),
    );
    const untested = modules
      .filter((m) => !importedByTests.has(m))
      .map((m) => path.relative(GRADER_ROOT, m))
      .filter((m) => !Object.hasOwn(ENTRY_POINTS, m));
    expect(untested).toEqual([]);
  });

  it('lists only entry points that exist and no test imports, and names only test files and docs that exist', () => {
    const entries = Object.keys(ENTRY_POINTS);
    expect(entries.filter((m) => !existsSync(path.join(GRADER_ROOT, m)))).toEqual([]);
    expect(entries.filter((m) => importedByTests.has(path.join(GRADER_ROOT, m)))).toEqual([]);
    const named = Object.values(ENTRY_POINTS).flatMap((reason) => reason.match(/\b(?:test|docs)\/[\w./-]+\.(?:test\.ts|md)\b/g) ?? []);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((file) => !existsSync(path.join(GRADER_ROOT, file)))).toEqual([]);
  });
});
