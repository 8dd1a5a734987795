/**
 * Calibrates the copy task's steps-to-solve rule: at every seed, trains the reference LSTM
 * (FastLstm) and solutions/09-lstm-sequence through the student trainer, from the same weights and
 * batches, and prints how far apart their steps to solve are; then does the same for the catalogued
 * mistakes of exercises 03–09 built into the answer key's reference (how far a wrong gradient moves
 * them). docs/copy-task.md records the figures and the rule chosen from them.
 *
 *   node -r ts-node/register/transpile-only scripts/copy-task/calibrate-steps.ts --from 1 --to 21
 *   node -r ts-node/register/transpile-only scripts/copy-task/calibrate-steps.ts --from 1 --to 6 --mistakes
 */
import { parseArgs } from 'node:util';
import { variantLibrary } from '../../grader/answer-key';
import { stepsAgree } from '../../grader/copytask/compare';
import { trainReferenceLstm } from '../../grader/copytask/reference';
import { gradedConfig } from '../../grader/copytask/tiers';
import { trainLstmOnCopyTask, type LstmSequenceModule } from '../../grader/copytask/train';
import { MISTAKES } from '../../grader/course';
import * as solutionSequence from '../../solutions/09-lstm-sequence/lstm-sequence';

const COPY_TASK_INPUTS = new Set(['forget-gate', 'input-gate', 'candidate', 'cell-state', 'output-gate', 'lstm-cell', 'lstm-sequence']);

function main(): void {
  const { values } = parseArgs({
    options: {
      from: { type: 'string', default: '1' },
      to: { type: 'string', default: '21' },
      mistakes: { type: 'boolean', default: false },
    },
  });
  const from = Number(values.from);
  const to = Number(values.to);
  if (!Number.isInteger(from) || !Number.isInteger(to) || to <= from) {
    throw new RangeError(
      `calibrate-steps: arguments --from and --to must be integers with --to > --from, got ${values.from} and ${values.to}`,
    );
  }
  const solutions: LstmSequenceModule = solutionSequence;
  const mistakes = values.mistakes ? MISTAKES.filter((m) => COPY_TASK_INPUTS.has(m.exercise)) : [];
  console.log(['seed', 'reference', 'solutions', 'agree', ...mistakes.map((m) => m.id)].join('\t'));
  let disagreements = 0;
  for (let seed = from; seed < to; seed++) {
    const config = gradedConfig(seed);
    const reference = trainReferenceLstm(config).stepsToSolve;
    const ours = trainLstmOnCopyTask(solutions, config).stepsToSolve;
    const agree = stepsAgree(ours, reference);
    if (!agree) disagreements++;
    const row = [seed, reference ?? 'never', ours ?? 'never', agree ? 'yes' : 'NO'];
    for (const mistake of mistakes) {
      const library = variantLibrary(mistake.id);
      const module = { lstmForward: library.lstmForward, lstmBackward: library.lstmBackward } as LstmSequenceModule;
      let steps: string;
      try {
        const s = trainLstmOnCopyTask(module, config).stepsToSolve;
        steps = `${s ?? 'never'}${stepsAgree(s, reference) ? '' : '*'}`;
      } catch (error) {
        steps = `throws (${(error as Error).message.slice(0, 40)})`;
      }
      row.push(steps);
    }
    console.log(row.join('\t'));
  }
  console.log(
    `\n${disagreements} of ${to - from} seeds where the solutions' steps to solve fall outside the rule (* marks a mistake the rule catches).`,
  );
  process.exitCode = disagreements === 0 ? 0 : 1;
}

main();
