/**
 * Exercise 10: the copy task (DESIGN.md section 6). No new code: the grader trains the student's
 * lstm-sequence (09) on the copying-memory problem next to the reference LSTM and a vanilla RNN.
 * The training engine is grader/copytask/; this module is what the grader knows about the exercise.
 */
import { runCopyTask } from '../copytask/grade';
import { CURVE_CHECK, SOLVE_CHECK } from '../copytask/checks';
import { defineTaskExercise } from './define';

export default defineTaskExercise({
  id: 'copy-task',
  title: 'Copy task: remembering across a long delay',
  folder: '10-copy-task',
  file: '09-lstm-sequence/lstm-sequence.ts',
  dependsOn: ['lstm-sequence'],
  requires: ['lstm-sequence'],
  checks: [SOLVE_CHECK, CURVE_CHECK],
  slow: true,
  grade: async (context) => {
    const run = await runCopyTask(context.runner, {
      seed: context.seed,
      tiers: context.tiers,
      cacheDir: context.cacheDir,
      points: context.points,
      onProgress: context.onProgress,
    });
    return { checks: run.checks, data: { copyTask: run.data } };
  },
  equations: {
    forward: [
      {
        caption: 'training loss: cross-entropy of the readout over all T + 2S positions',
        tex: 'L = -\\frac{1}{T + 2S} \\sum_{t=1}^{T+2S} \\log p_\\theta(y_t \\mid x_{1..t})',
      },
      {
        caption: 'the memoryless baseline: blanks are certain, each recalled symbol a guess among K',
        tex: 'L_{\\text{baseline}} = \\frac{S \\ln K}{T + 2S}',
      },
    ],
    /** @instructorOnly backward equations: the student template ships without them (docs/student-template.md). */
    backward: [
      {
        caption: 'why the LSTM can learn it: along the memory path the gradient is only multiplied by the forget gate',
        tex: '\\frac{\\partial C_t}{\\partial C_{t-k}} = \\prod_{j=0}^{k-1} \\operatorname{diag}(f_{t-j}) \\quad \\text{(direct path)}',
      },
    ],
  },
});
