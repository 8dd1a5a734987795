/**
 * Measures what the sandbox costs the grader, on the reference solutions:
 *   node -r ts-node/register/transpile-only grader/bench/round-trip.ts [calls]
 * Prints: opening (staging + first process), the first call of a folder (process + module load),
 * the round trip of one small call awaited at a time, the per-call cost inside callMany, the
 * same for a realistic call (lstmCellBackward, H = D = 5), one call in each of the nine folders
 * (what a --quick grade pays for processes), and closing; and, as the floor, sandbox round trips
 * and bare Node IPC echo round trips (no sandbox) measured in turns, so both see the same load.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Random } from '../../lib/random';
import type { LstmParams } from '../../lib/types';
import { lstmCellForward } from '../../solutions/08-lstm-cell/lstm-cell';
import { CODE_EXERCISES } from '../course';
import { probeParams } from '../sandbox/probe/probe-task';
import { openSandbox } from '../sandbox/sandbox';

const SOLUTIONS = path.resolve(__dirname, '..', '..', 'solutions');

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** A bare child process that echoes every message: what Node's IPC alone costs. */
async function startEcho(): Promise<{ roundTrips: (calls: number) => Promise<number>; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', "process.on('message', (m) => process.send(m)); process.send('ready');"], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    serialization: 'advanced',
  });
  await new Promise((resolve) => child.once('message', resolve));
  const message = { id: 0, args: [Float64Array.from([0.5, -1, 2])] };
  return {
    async roundTrips(calls: number): Promise<number> {
      const started = performance.now();
      for (let k = 0; k < calls; k++) {
        await new Promise((resolve) => {
          child.once('message', resolve);
          child.send(message);
        });
      }
      return performance.now() - started;
    },
    stop: () => child.kill(),
  };
}

async function main(): Promise<void> {
  const calls = Number(process.argv[2] ?? 2000);
  if (!Number.isInteger(calls) || calls < 1)
    throw new RangeError(`round-trip: argument calls must be a positive integer, got ${process.argv[2]}`);
  const open = await timed(() => openSandbox({ submissionDir: SOLUTIONS }));
  const runner = open.value;
  const z = Float64Array.from([0.5, -1, 2]);
  const first = await timed(() => runner.call('01-activations', 'sigmoid', [z]));
  // Let the warm spare processes finish starting: the round trips below measure the steady state.
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const sequential = await timed(async () => {
    for (let k = 0; k < calls; k++) await runner.call('01-activations', 'sigmoid', [z]);
  });
  const batched = await timed(() =>
    runner.callMany(
      '01-activations',
      'sigmoid',
      Array.from({ length: calls }, () => [z]),
    ),
  );

  const random = new Random(7);
  const params: LstmParams = probeParams(random, 5, 5);
  const step = lstmCellForward(params, random.vector(5), random.vector(5), random.vector(5));
  const backwardArgs = [params, step.cache, random.vector(5), random.vector(5)];
  await runner.call('08-lstm-cell', 'lstmCellBackward', backwardArgs);
  const realistic = await timed(async () => {
    for (let k = 0; k < calls; k++) await runner.call('08-lstm-cell', 'lstmCellBackward', backwardArgs);
  });
  const realisticBatch = await timed(() =>
    runner.callMany(
      '08-lstm-cell',
      'lstmCellBackward',
      Array.from({ length: calls }, () => backwardArgs),
    ),
  );
  await runner.close();

  // What a --quick grade pays for processes: one first call in each folder, in course order.
  const fresh = await openSandbox({ submissionDir: SOLUTIONS });
  const perFolder = await timed(async () => {
    for (const exercise of CODE_EXERCISES) {
      await fresh.call(exercise.folder, Object.keys(exercise.exports)[0], []);
    }
  });
  const close = await timed(() => fresh.close());

  // The sandbox and a bare echo in turns, so both see the same load on a shared machine.
  const sideBySide = await openSandbox({ submissionDir: SOLUTIONS });
  await sideBySide.call('01-activations', 'sigmoid', [z]);
  const echo = await startEcho();
  const rounds: string[] = [];
  for (let round = 0; round < 4; round++) {
    const sandboxMs = (
      await timed(async () => {
        for (let k = 0; k < calls; k++) await sideBySide.call('01-activations', 'sigmoid', [z]);
      })
    ).ms;
    const echoMs = await echo.roundTrips(calls);
    rounds.push(`${((sandboxMs / calls) * 1000).toFixed(0)} vs ${((echoMs / calls) * 1000).toFixed(0)}`);
  }
  echo.stop();
  await sideBySide.close();

  const us = (ms: number) => `${((ms / calls) * 1000).toFixed(0)} µs`;
  console.log(`open (stage + start a process)        ${open.ms.toFixed(0)} ms`);
  console.log(`first call (process + module load)    ${first.ms.toFixed(1)} ms`);
  console.log(`sigmoid, one call per round trip      ${us(sequential.ms)} per call (${calls} calls)`);
  console.log(`sigmoid, callMany                     ${us(batched.ms)} per call`);
  console.log(`lstmCellBackward H=D=5, one at a time ${us(realistic.ms)} per call`);
  console.log(`lstmCellBackward H=D=5, callMany      ${us(realisticBatch.ms)} per call`);
  console.log(`first call in each of the 9 folders   ${perFolder.ms.toFixed(0)} ms in all`);
  console.log(`close                                 ${close.ms.toFixed(0)} ms`);
  console.log(`sandbox vs bare Node IPC echo, µs per round trip, in turns: ${rounds.join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
