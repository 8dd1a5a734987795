/** Files for the class-grading tests, in temporary folders (test/helpers/ci.ts) removed after each file. */
import fs from 'node:fs';
import path from 'node:path';

export { removeTempDirs, tempDir } from '../../helpers/ci';

/** Writes `files` (relative path → text) under `root`. */
export function writeTree(root: string, files: Record<string, string>): string {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}
