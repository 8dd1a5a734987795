/**
 * Once per `npm test` run: a fresh folder where test/fixtures/grades.ts shares the real grades
 * between test processes, removed when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where test/fixtures/grades.ts keeps this run's grades. */
    sharedGradesDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lstm-lab-test-grades-'));
  project.provide('sharedGradesDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
