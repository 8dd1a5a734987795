/**
 * Measures the delay tiers for docs/copy-task.md: steps to solve of the reference LSTM and the
 * vanilla RNN over several seeds, with the graded configuration at each delay.
 *
 *   node -r ts-node/register/transpile-only grader/bench/tiers.ts [--delays 5,10,20] [--seeds 1,2,3,4,5] [--models lstm,rnn]
 */
import { parseArgs } from 'node:util';
import { trainReferenceLstm, trainReferenceRnn } from '../copytask/reference';
import { gradedConfig } from '../copytask/tiers';

function list(value: string | undefined, fallback: number[], name: string): number[] {
  if (value === undefined) return fallback;
  const numbers = value.split(',').map(Number);
  if (numbers.some((n) => !Number.isInteger(n) || n < 0))
    throw new RangeError(`tiers: --${name} must be a comma-separated list of whole numbers, got ${value}`);
  return numbers;
}

function main(): void {
  const { values } = parseArgs({ options: { delays: { type: 'string' }, seeds: { type: 'string' }, models: { type: 'string' } } });
  const delays = list(values.delays, [5, 10, 20, 30, 50], 'delays');
  const seeds = list(values.seeds, [1, 2, 3, 4, 5], 'seeds');
  const models = (values.models ?? 'lstm,rnn').split(',');
  const graded = gradedConfig(0);
  console.log(
    `H = ${graded.hidden}, batch ${graded.batch}, K = ${graded.symbols}, S = ${graded.length}, lr ${graded.learningRate}, ` +
      `init ${graded.init}, budget ${graded.maxSteps} steps; steps to solve per seed (— = not solved; final windowed accuracy)`,
  );
  for (const delay of delays) {
    for (const model of models) {
      const cells = seeds.map((seed) => {
        const config = { ...gradedConfig(seed), delay };
        const run = model === 'rnn' ? trainReferenceRnn(config) : trainReferenceLstm(config);
        return run.stepsToSolve !== null ? String(run.stepsToSolve) : `— (${run.curve[run.curve.length - 1].accuracy.toFixed(2)})`;
      });
      const solved = cells.filter((c) => !c.startsWith('—')).length;
      console.log(`| T = ${delay} | ${model} | ${cells.join(' | ')} | ${solved}/${seeds.length} |`);
    }
  }
}

main();
