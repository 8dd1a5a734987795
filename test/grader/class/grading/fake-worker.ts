/**
 * A stand-in worker for the pool tests: answers, throws, hangs or ends its own process on
 * request, so the pool's handling of each can be seen without grading anything.
 */
import workerpool from 'workerpool';

export interface FakeTask {
  id: string;
  do: 'answer' | 'throw' | 'hang' | 'exit';
}

function work(task: FakeTask): Promise<{ id: string; pid: number }> | { id: string; pid: number } {
  if (task.do === 'throw') throw new Error(`boom in ${task.id}`);
  if (task.do === 'hang') return new Promise(() => undefined);
  if (task.do === 'exit') process.exit(3);
  return { id: task.id, pid: process.pid };
}

workerpool.worker({ work });
