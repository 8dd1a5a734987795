/** Locating the exercise files in every layout students hand in. */
import { describe, expect, it } from 'vitest';
import { CODE_EXERCISES } from '../../../../grader/course';
import { locateExercises, type Candidate } from '../../../../grader/class/intake/locate';

const files = (...paths: string[]): Candidate[] => paths.map((path) => ({ path, kind: 'file' }));
const [first, second] = CODE_EXERCISES;

describe('locateExercises', () => {
  it('takes exercise folders at the top, with helper files and subfolders, and nothing else', () => {
    const located = locateExercises(
      files(
        first.file,
        `${first.folder}/helpers/math.ts`,
        `${first.folder}/types.d.ts`,
        'notes.ts',
        `${second.folder}/node_modules/x/index.ts`,
      ),
    );
    expect(located?.layout).toBe('');
    expect(located?.picked.map((p) => p.to)).toEqual([first.file, `${first.folder}/helpers/math.ts`]);
  });

  it('finds exercises/ inside a GitHub Classroom clone and inside a wrapping folder', () => {
    expect(
      locateExercises(files(`exercises/${first.file}`, 'lib/types.ts', `solutions/${first.file}`))?.picked.map((p) => [
        p.candidate.path,
        p.to,
      ]),
    ).toEqual([[`exercises/${first.file}`, first.file]]);
    const wrapped = locateExercises(files(`lstm-lab-ada/exercises/${second.file}`, `lstm-lab-ada/lib/linalg.ts`));
    expect(wrapped?.layout).toBe('lstm-lab-ada/exercises');
    expect(wrapped?.picked.map((p) => p.to)).toEqual([second.file]);
  });

  it('prefers the top over exercises/ over a wrapping folder, and skips hidden and macOS folders', () => {
    expect(locateExercises(files(first.file, `exercises/${second.file}`))?.picked.map((p) => p.to)).toEqual([first.file]);
    expect(locateExercises(files(`.git/${first.file}`, `__MACOSX/${first.file}`, `repo/.cache/${first.file}`))).toBeUndefined();
  });

  it('places loose files in their exercise folders', () => {
    const name = (file: string) => file.slice(file.lastIndexOf('/') + 1);
    const located = locateExercises(files(name(first.file), name(second.file), 'unrelated.ts'));
    expect(located?.layout).toBe('loose files');
    expect(located?.picked.map((p) => p.to)).toEqual([first.file, second.file]);
  });

  it('finds nothing in a submission without exercise files', () => {
    expect(locateExercises(files('README.md', 'src/index.ts'))).toBeUndefined();
    expect(locateExercises([])).toBeUndefined();
  });
});
