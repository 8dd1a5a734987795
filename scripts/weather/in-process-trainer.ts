/**
 * A SequenceTaskTrainer that runs trainSequenceTask in this process on given modules, answering like
 * the sandbox: a fault for a stub ('not-implemented') or a throw, and a structured clone of the
 * value otherwise (the sandbox sends values as structured clones too). For the calibration script
 * and the tests, where the modules are the reference solutions or small variants of them. It never
 * times out: the time budget is the sandbox's to enforce, and a verdict here must not depend on how
 * busy the machine is.
 */
import { isNotImplemented } from '../../lib/not-implemented';
import type { CallOutcome } from '../../grader/sandbox/types';
import type { SequenceTaskTrainer } from '../../grader/weather/grade';
import { studentsRecord, type StudentModules } from '../../grader/weather/trainer/student';
import { trainSequenceTask } from '../../grader/weather/trainer/train';

export function inProcessTrainer(modules: StudentModules): SequenceTaskTrainer {
  return async (config, data): Promise<CallOutcome> => {
    try {
      const value = trainSequenceTask(studentsRecord(modules), config, data);
      return { ok: true, value: structuredClone(value), argsAfter: structuredClone([config, data]) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, fault: { kind: isNotImplemented(error) ? 'not-implemented' : 'threw', message } };
    }
  };
}
