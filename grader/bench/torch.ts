/**
 * Runs the bench's PyTorch scripts with Debian's /usr/bin/python3 (where torch 1.13 is installed),
 * or says why not, so that the bench still runs on a machine without PyTorch.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CopyTaskConfig } from '../copytask/config';

const PYTHON = '/usr/bin/python3';

export type TorchOutcome<T> = ({ ok: true } & T) | { ok: false; skipped: string };

let probed: string | null | undefined;

/** Null when torch imports, else the reason it cannot be used. */
function torchProblem(): string | null {
  if (probed === undefined) {
    if (!existsSync(PYTHON)) probed = `${PYTHON} not found`;
    else {
      const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
      probed = probe.status === 0 ? null : `torch is not installed for ${PYTHON} (apt-get install python3-torch)`;
    }
  }
  return probed;
}

function runScript<T>(script: string, args: object): TorchOutcome<T> {
  const problem = torchProblem();
  if (problem !== null) return { ok: false, skipped: problem };
  const run = spawnSync(PYTHON, [join(__dirname, script), JSON.stringify(args)], { encoding: 'utf8' });
  if (run.status !== 0) return { ok: false, skipped: `${script} failed: ${run.stderr.trim().split('\n').pop()}` };
  return { ok: true, ...(JSON.parse(run.stdout.trim().split('\n').pop() as string) as T) };
}

/** The copy-task training loop in PyTorch (torch_copy.py): median seconds for `steps` steps over `repeats` runs, after warm-up. */
export function torchCopyTask(
  config: CopyTaskConfig,
  steps: number,
  threads: number,
  repeats = 1,
): TorchOutcome<{ seconds: number; torch: string; threads: number }> {
  return runScript('torch_copy.py', { ...config, steps, threads, repeats });
}

/** float64 matrix products in PyTorch (torch_gemm.py), for the bench's peak line. */
export function torchGemm(sizes: number[], threads: number): TorchOutcome<{ results: { n: number; gflops: number }[]; blas: string }> {
  return runScript('torch_gemm.py', { sizes, threads });
}
