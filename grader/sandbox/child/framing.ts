/**
 * Messages between the grader and the sandbox as length-prefixed frames on plain pipes. Node's
 * own IPC channel is not used: garbage written to it by the child (any code there can write to
 * any of its file descriptors) throws inside Node's parser in the GRADER, as an uncaught
 * exception. Here a bad frame is just a bad frame: the reader reports it and the grader stops
 * that process.
 *
 * A frame is MAGIC (4 bytes) · payload length (4 bytes, big-endian) · payload. A message's payload
 * is its Float64Array pool and its JSON: float count (4 bytes) · JSON length (4 bytes) · the
 * floats, 8 bytes each · the JSON text (UTF-8). JSON.parse reads the many small arrays of a value
 * tree several times faster than v8.deserialize does.
 *
 * Both sizes are checked before anything is read or parsed: the whole payload against the reader's
 * limit as soon as the header is in (so a frame announcing hundreds of MB is refused at once, not
 * buffered), and the JSON part against MAX_FRAME_JSON_BYTES (JSON.parse of tiny arrays can take
 * ten times its input in memory).
 */
import { MAX_FRAME_JSON_BYTES } from './limits';

const MAGIC = [0x4c, 0x53, 0x54, 0x4d]; // "LSTM"
const HEADER_BYTES = 8;

// Captured when this module loads, before any student code (it also runs in the sandbox).
const reflectApply = Reflect.apply;
const Uint8ArrayConstructor = Uint8Array;
const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
const ownMethod = (name: string) => Object.getOwnPropertyDescriptor(typedArrayPrototype, name) as PropertyDescriptor;
const typedLength = ownMethod('length').get as () => number;
const typedSet = ownMethod('set').value as (source: ArrayLike<number>, offset: number) => void;
const typedSubarray = ownMethod('subarray').value as (start: number, end?: number) => Uint8Array;

const lengthOf = (bytes: Uint8Array): number => reflectApply(typedLength, bytes, []);
const Float64ArrayConstructor = Float64Array;
const jsonStringify = JSON.stringify;
const jsonParse = JSON.parse;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const encodeUtf8 = TextEncoder.prototype.encode;
const decodeUtf8 = TextDecoder.prototype.decode;
const bufferOf = (bytes: ArrayBufferView): ArrayBuffer => reflectApply(typedBuffer, bytes, []);
const typedBuffer = ownGetter('buffer');
const typedByteOffset = ownGetter('byteOffset');

function ownGetter(name: string): () => never {
  return (Object.getOwnPropertyDescriptor(typedArrayPrototype, name) as PropertyDescriptor).get as () => never;
}

function writeUint32(target: Uint8Array, at: number, value: number): void {
  target[at] = (value >>> 24) & 0xff;
  target[at + 1] = (value >>> 16) & 0xff;
  target[at + 2] = (value >>> 8) & 0xff;
  target[at + 3] = value & 0xff;
}

function readUint32(source: Uint8Array, at: number): number {
  return ((source[at] << 24) >>> 0) + (source[at + 1] << 16) + (source[at + 2] << 8) + source[at + 3];
}

/** One whole frame for a message (plain JSON data) and its Float64Array pool. */
export function encodeFrame(message: object, floats: Float64Array): Uint8Array {
  const json = reflectApply(encodeUtf8, utf8Encoder, [jsonStringify(message)]) as Uint8Array;
  const floatCount = reflectApply(typedLength, floats, []);
  const floatBytes = new Uint8ArrayConstructor(bufferOf(floats), reflectApply(typedByteOffset, floats, []), floatCount * 8);
  const payloadLength = 8 + floatCount * 8 + lengthOf(json);
  const whole = new Uint8ArrayConstructor(HEADER_BYTES + payloadLength);
  reflectApply(typedSet, whole, [frameHeader(payloadLength), 0]);
  writeUint32(whole, HEADER_BYTES, floatCount);
  writeUint32(whole, HEADER_BYTES + 4, lengthOf(json));
  reflectApply(typedSet, whole, [floatBytes, HEADER_BYTES + 8]);
  reflectApply(typedSet, whole, [json, HEADER_BYTES + 8 + floatCount * 8]);
  return whole;
}

/** The message and pool of one frame's payload; FrameError when it does not follow the format. */
export function decodeFrame(payload: Uint8Array): { message: unknown; floats: Float64Array } {
  const length = lengthOf(payload);
  if (length < 8) throw new FrameError('a frame too short to hold a message');
  const floatCount = readUint32(payload, 0);
  const jsonLength = readUint32(payload, 4);
  if (8 + floatCount * 8 + jsonLength !== length) throw new FrameError('a frame whose parts do not add up');
  if (jsonLength > MAX_FRAME_JSON_BYTES)
    throw new FrameError(`a frame with ${jsonLength} bytes of JSON, more than ${MAX_FRAME_JSON_BYTES}`);
  // Copied into a fresh array: the payload may start at any byte, a Float64Array must not.
  const floats = new Float64ArrayConstructor(floatCount);
  reflectApply(typedSet, new Uint8ArrayConstructor(bufferOf(floats)), [reflectApply(typedSubarray, payload, [8, 8 + floatCount * 8]), 0]);
  let message: unknown;
  try {
    message = jsonParse(reflectApply(decodeUtf8, utf8Decoder, [reflectApply(typedSubarray, payload, [8 + floatCount * 8])]) as string);
  } catch {
    throw new FrameError('a frame whose message is not JSON');
  }
  return { message, floats };
}

/** The 8 header bytes for a payload of `length` bytes (written by index: no patchable methods). */
export function frameHeader(length: number): Uint8Array {
  const header = new Uint8ArrayConstructor(HEADER_BYTES);
  header[0] = MAGIC[0];
  header[1] = MAGIC[1];
  header[2] = MAGIC[2];
  header[3] = MAGIC[3];
  header[4] = (length >>> 24) & 0xff;
  header[5] = (length >>> 16) & 0xff;
  header[6] = (length >>> 8) & 0xff;
  header[7] = length & 0xff;
  return header;
}

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

/** Collects chunks from a pipe and hands out whole frame payloads; throws FrameError on garbage. */
export class FrameReader {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  /** Payload length of the frame being read, once its header is complete. */
  private expected: number | undefined;

  constructor(private readonly maxPayloadBytes: number) {}

  /** Bytes held for a frame not yet complete. */
  get pending(): number {
    return this.buffered;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    this.chunks[this.chunks.length] = chunk;
    this.buffered += lengthOf(chunk);
    const payloads: Uint8Array[] = [];
    for (;;) {
      if (this.expected === undefined) {
        if (this.buffered < HEADER_BYTES) break;
        const head = this.take(HEADER_BYTES);
        if (head[0] !== MAGIC[0] || head[1] !== MAGIC[1] || head[2] !== MAGIC[2] || head[3] !== MAGIC[3]) {
          throw new FrameError('a frame without the expected header');
        }
        const length = ((head[4] << 24) >>> 0) + (head[5] << 16) + (head[6] << 8) + head[7];
        if (length > this.maxPayloadBytes) throw new FrameError(`a frame of ${length} bytes, more than ${this.maxPayloadBytes}`);
        this.expected = length;
      }
      if (this.buffered < this.expected) break;
      payloads[payloads.length] = this.take(this.expected);
      this.expected = undefined;
    }
    return payloads;
  }

  /** The next `count` bytes, joined once (not on every chunk: frames can be megabytes). */
  private take(count: number): Uint8Array {
    let joined: Uint8Array;
    if (this.chunks.length === 1) {
      joined = this.chunks[0];
    } else {
      joined = new Uint8ArrayConstructor(this.buffered);
      let offset = 0;
      for (let k = 0; k < this.chunks.length; k++) {
        reflectApply(typedSet, joined, [this.chunks[k], offset]);
        offset += lengthOf(this.chunks[k]);
      }
    }
    const taken = reflectApply(typedSubarray, joined, [0, count]);
    const rest = reflectApply(typedSubarray, joined, [count]);
    this.chunks = lengthOf(rest) > 0 ? [rest] : [];
    this.buffered = lengthOf(rest);
    return taken;
  }
}
