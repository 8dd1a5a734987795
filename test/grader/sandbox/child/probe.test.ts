/**
 * The built-in probes give the same answers in every unpatched process and name the built-in a
 * student changed, even in a process whose own watch was switched off.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstDifference, probeInputs, PROBES, runProbes } from '../../../../grader/sandbox/child/probe';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');

describe('built-in probes', () => {
  it('answer the same in a separate Node process (bit for bit)', () => {
    const inputs = probeInputs();
    const script = `require('ts-node/register/transpile-only'); const { runProbes } = require('./grader/sandbox/child/probe'); process.stdout.write(JSON.stringify(runProbes(${JSON.stringify(inputs)}).map((a) => typeof a === 'number' ? ['n', Object.is(a, -0) ? '-0' : String(a)] : ['s', a])));`;
    const other = spawnSync(process.execPath, ['-e', script], { cwd: REPO, encoding: 'utf8' });
    expect(other.status, other.stderr).toBe(0);
    const here = runProbes(inputs).map((a) => (typeof a === 'number' ? ['n', Object.is(a, -0) ? '-0' : String(a)] : ['s', a]));
    expect(JSON.parse(other.stdout)).toEqual(here);
  });

  it('name the first built-in whose answer changed', () => {
    const inputs = probeInputs(() => 0.3);
    const expected = runProbes(inputs);
    expect(firstDifference(expected, runProbes(inputs))).toBe('');
    const exp = Math.exp;
    const fill = Float64Array.prototype.fill;
    try {
      Math.exp = (x: number) => exp(x) * (1 + 1e-12);
      expect(firstDifference(expected, runProbes(inputs))).toBe('Math.exp');
      Math.exp = exp;
      Float64Array.prototype.fill = function () {
        return this;
      };
      expect(firstDifference(expected, runProbes(inputs))).toBe('Float64Array.prototype.fill');
    } finally {
      Math.exp = exp;
      Float64Array.prototype.fill = fill;
    }
  });

  it('count a probe that throws, and answers of the wrong shape, as a change', () => {
    const inputs = probeInputs();
    const expected = runProbes(inputs);
    const keys = Object.keys;
    try {
      Object.keys = () => {
        throw new Error('patched');
      };
      expect(firstDifference(expected, runProbes(inputs))).toBe('Object.keys');
    } finally {
      Object.keys = keys;
    }
    expect(firstDifference(expected, null)).toBe('a built-in object');
    expect(firstDifference(expected, expected.slice(1))).toBe('a built-in object');
    expect(PROBES.length).toBe(expected.length);
  });
});
