/**
 * The compile worker's side (compiler.ts starts it): transpiles student files one message at a
 * time and answers with the result or with why it failed. A stack overflow inside TypeScript is
 * an ordinary RangeError here; a time-out or memory exhaustion ends the whole worker, which the
 * main thread sees and reports for that file alone.
 */
import { parentPort } from 'node:worker_threads';
import { transpileTypeScript, type TranspiledFile } from './transpile';

export interface CompileRequest {
  id: number;
  source: string;
  fileName: string;
}

export type CompileReply =
  { id: number; ok: true; file: TranspiledFile } | { id: number; ok: false; reason: 'stack-overflow' | 'error'; detail: string };

function compile(request: CompileRequest): CompileReply {
  try {
    return { id: request.id, ok: true, file: transpileTypeScript(request.source, request.fileName) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const overflow = error instanceof RangeError && message.includes('Maximum call stack size exceeded');
    return { id: request.id, ok: false, reason: overflow ? 'stack-overflow' : 'error', detail: message.slice(0, 200) };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (request: CompileRequest) => port.postMessage(compile(request)));
  port.postMessage('ready');
}
