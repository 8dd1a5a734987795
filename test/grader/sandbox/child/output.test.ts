/**
 * What exercise code prints, captured per request and cut at the budget in UTF-8 bytes, never
 * inside a character (grader/sandbox/child/output.ts).
 */
import { describe, expect, it } from 'vitest';
import { beginOutput, captureText, endOutput } from '../../../../grader/sandbox/child/output';
import { runBesideChildModules } from '../../../helpers/sandbox-child';

describe('captureText', () => {
  it('keeps what fits in the budget, and starts afresh with each request', () => {
    beginOutput(20);
    captureText('hello\n');
    captureText('world\n');
    expect(endOutput()).toEqual({ output: 'hello\nworld\n', outputCut: false });
    beginOutput(20);
    expect(endOutput()).toEqual({ output: '', outputCut: false });
  });

  it('cuts at the budget, then keeps nothing more', () => {
    beginOutput(5);
    captureText('abcdefgh');
    captureText('more');
    expect(endOutput()).toEqual({ output: 'abcde', outputCut: true });
    beginOutput(0);
    captureText('x');
    expect(endOutput()).toEqual({ output: '', outputCut: true });
  });

  it('counts UTF-8 bytes and never cuts inside a character or a surrogate pair', () => {
    beginOutput(6);
    captureText('ééé'); // 2 bytes each: exactly the budget
    expect(endOutput()).toEqual({ output: 'ééé', outputCut: false });
    beginOutput(4);
    captureText('é€x'); // 2 + 3 + 1 bytes: the euro sign does not fit
    expect(endOutput()).toEqual({ output: 'é', outputCut: true });
    beginOutput(4);
    captureText('a😀'); // 1 + 4 bytes
    expect(endOutput()).toEqual({ output: 'a', outputCut: true });
    beginOutput(9);
    captureText('😀😀😀');
    expect(endOutput()).toEqual({ output: '😀😀', outputCut: true });
    beginOutput(1000);
    captureText('€'.repeat(2000));
    const long = endOutput();
    expect(long.output).toBe('€'.repeat(333));
    expect(long.outputCut).toBe(true);
  });
});

describe('installOutputCapture', () => {
  it('captures console methods and process.stdout/stderr.write, strings and bytes, in a sandbox-like process', () => {
    const run = runBesideChildModules(
      ['captured', 'output'],
      `const { beginOutput, endOutput, installOutputCapture } = require('./output.js');
installOutputCapture();
beginOutput(100);
console.log('a', 1);
console.error('%s!', 'b');
process.stdout.write('c');
process.stderr.write(Buffer.from('d'));
console.table([]);
const first = endOutput();
beginOutput(3);
console.log('too long for the budget');
report([first, endOutput()]);`,
    );
    expect(run.stderr).toBe('');
    expect(run.result).toEqual([
      { output: 'a 1\nb!\ncd[]\n', outputCut: false },
      { output: 'too', outputCut: true },
    ]);
  });
});
