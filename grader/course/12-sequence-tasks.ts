/**
 * Exercise 12: LSTM networks for real sequence tasks (the lecture's last part). No new code: the
 * grader trains the student's LSTM (09) and readout (11) on a daily weather series, many-to-one,
 * for a regression (tomorrow's maximum temperature) and a classification (tomorrow's weather), and
 * compares them on a held-out year with honest baselines and with the reference trained the same
 * way. The engine is grader/weather/; this module is what the grader knows about the exercise.
 */
import { SEQUENCE_CHECKS } from '../weather/checks';
import { runSequenceTasks, sandboxTrainer } from '../weather/grade';
import { defineTaskExercise } from './define';
import type { TaskGrade } from './types';

export default defineTaskExercise({
  id: 'sequence-tasks',
  title: 'Sequence tasks on real weather data',
  folder: '12-sequence-tasks',
  file: '09-lstm-sequence/lstm-sequence.ts',
  dependsOn: ['lstm-sequence', 'readout'],
  requires: ['lstm-sequence', 'readout'],
  checks: Object.values(SEQUENCE_CHECKS),
  slow: true,
  grade: async (context): Promise<TaskGrade> => {
    const run = await runSequenceTasks(sandboxTrainer(context.runner), {
      seed: context.seed,
      cacheDir: context.cacheDir,
      points: context.points,
      onProgress: context.onProgress,
    });
    return { checks: run.checks.map((check) => ({ ...check, exercise: 'sequence-tasks' as const })), data: { sequenceTasks: run.data } };
  },
  equations: {
    forward: [
      {
        caption: 'many-to-one: the LSTM reads the last N days; the readout sees only the last hidden state',
        tex: 'h_N = \\operatorname{LSTM}(x_{d-N+1}, \\dots, x_d), \\qquad \\hat{y}_{d+1} = W\\, h_N + b',
      },
      {
        caption: 'features normalised with the mean and spread of the training years only',
        tex: '\\tilde{x} = \\frac{x - \\mu_{\\text{train}}}{\\sigma_{\\text{train}}}',
      },
      {
        caption: 'the regression is graded by its skill over the best baseline (persistence: tomorrow = today)',
        tex: '\\text{skill} = 1 - \\frac{\\text{RMSE}_{\\text{model}}}{\\text{RMSE}_{\\text{best baseline}}}',
      },
    ],
    /** @instructorOnly backward equations: the student template ships without them (docs/student-template.md). */
    backward: [
      {
        caption: 'only the last step receives a gradient from the loss; BPTT carries it back through the window',
        tex: '\\delta h_N = W^{\\top} \\frac{\\partial L}{\\partial \\hat{y}}, \\qquad \\delta h_t = 0 \\text{ from outside for } t < N',
      },
    ],
  },
});
