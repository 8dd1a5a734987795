/**
 * The module guard of the sandbox process (grader/sandbox/child/guard.ts): installed in a process
 * laid out like a staged workspace (<workspace>/.sandbox/ holds the sandbox's own files), it lets
 * exercise code load the workspace and harmless built-ins and refuses the rest in a sentence.
 * test/grader/sandbox/hostile.test.ts runs the same refusals end to end, through the sandbox.
 */
import { describe, expect, it } from 'vitest';
import { denied } from '../../../../grader/sandbox/child/guard';
import { runBesideChildModules } from '../../../helpers/sandbox-child';

describe('denied', () => {
  it('is an Error the grader recognises by its name', () => {
    const error = denied('exercises may not use the network');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SandboxDenied');
    expect(error.message).toBe('exercises may not use the network');
    expect(Object.getOwnPropertyDescriptor(error, 'name')?.value).toBe('SandboxDenied');
  });
});

describe('installModuleGuard', () => {
  it('lets exercises import the workspace and plain built-ins, and refuses everything else with a reason', () => {
    const attempts = {
      'an exercise file': "require(workspace + '/01-a/a.js')",
      'node:path': "typeof require('node:path').join",
      fs: "typeof require('fs').readFileSync",
      child_process: "require('child_process')",
      'node:worker_threads': "require('node:worker_threads')",
      'node:module': "require('node:module')",
      'a package': "require('lodash')",
      'solutions/': "require(workspace + '/solutions/03/forget-gate.js')",
      'the sandbox itself': "require(workspace + '/.sandbox/captured.js')",
      'a file outside': "require('/etc/hostname')",
      'a climb out of an exercise': "require(workspace + '/02-b/b.js')",
      'require.resolve outside': "require.resolve('/etc/hostname')",
      'require.resolve with paths': "require.resolve(workspace + '/01-a/a.js', { paths: ['/'] })",
      'realpath outside': "require('fs').realpathSync('/etc')",
      'realpath inside': "require('fs').realpathSync(workspace + '/01-a') === workspace + '/01-a'",
      'process.kill': 'process.kill(process.pid)',
      'process.chdir': "process.chdir('/')",
      fetch: 'typeof fetch',
    };
    const script = `const { installModuleGuard } = require('./guard.js');
installModuleGuard(workspace);
const attempts = ${JSON.stringify(attempts)};
const results = {};
for (const [what, code] of Object.entries(attempts)) {
  try {
    results[what] = { value: eval(code) };
  } catch (error) {
    results[what] = { name: error.name, message: error.message };
  }
}
report(results);`;
    const run = runBesideChildModules(['captured', 'guard'], script, {
      '01-a/a.js': "module.exports = 'exercise a';",
      '02-b/b.js': "module.exports = require('../../outside.js');",
      'solutions/03/forget-gate.js': "module.exports = 'the answer';",
    });
    expect(run.stderr).toBe('');
    const refused = (message: string) => ({ name: 'SandboxDenied', message });
    expect(run.result).toEqual({
      'an exercise file': { value: 'exercise a' },
      'node:path': { value: 'function' },
      fs: { value: 'function' },
      child_process: refused("exercises may not start processes (they import the module 'child_process')"),
      'node:worker_threads': refused("exercises may not start threads (they import the module 'node:worker_threads')"),
      'node:module': refused("exercises may not change how modules load (they import the module 'node:module')"),
      'a package': refused("exercises may only import lib/ and other exercise folders, not the package 'lodash'"),
      'solutions/': refused(
        expect.stringMatching(/^exercises may not import solutions\/ \(they import '.*\/solutions\/03\/forget-gate\.js'\)$/),
      ),
      'the sandbox itself': refused(
        expect.stringMatching(/^exercises may not load the sandbox's own files \(they import '.*\/\.sandbox\/captured\.js'\)$/),
      ),
      'a file outside': refused("exercises may not import files outside the exercises folder and lib/ (they import '/etc/hostname')"),
      'a climb out of an exercise': refused(
        "exercises may not import files outside the exercises folder and lib/ (they import '../../outside.js')",
      ),
      'require.resolve outside': refused("exercises may not look up files outside the exercises folder (they asked about '/etc/hostname')"),
      'require.resolve with paths': refused(
        expect.stringMatching(
          /^exercises may not look up files outside the exercises folder \(require\.resolve with paths, for '.*\/01-a\/a\.js'\)$/,
        ),
      ),
      'realpath outside': refused("exercises may not look up files outside the exercises folder (they asked about '/etc')"),
      'realpath inside': { value: true },
      'process.kill': refused('exercises may not send signals to processes'),
      'process.chdir': refused('exercises may not change the working folder'),
      fetch: { value: 'undefined' },
    });
  });
});
