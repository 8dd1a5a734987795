/**
 * The 'html' reporter: writes the feedback page to <outDir>/index.html and prints nothing (the
 * terminal reporter links the file; see htmlReportPath).
 */
import fs from 'node:fs';
import path from 'node:path';
import { OUTPUT_FILES } from '../../paths';
import type { Reporter } from '../types';
import { renderReport } from './render';

/** Where the html reporter writes, for the terminal reporter's link. */
export function htmlReportPath(outDir: string): string {
  if (typeof outDir !== 'string' || outDir === '') {
    throw new TypeError(`htmlReportPath: argument outDir must be a non-empty path, got ${JSON.stringify(outDir)}`);
  }
  return path.join(outDir, OUTPUT_FILES.html);
}

export const htmlReporter: Reporter = {
  name: 'html',
  write(result, context) {
    fs.writeFileSync(htmlReportPath(context.outDir), renderReport(result), 'utf8');
  },
};
