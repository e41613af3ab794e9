// Bodies that are not one JSON value: streamed out in pieces, read in raw (inbound mail).
import type { Context, Env } from 'hono';
import { HttpProblem } from './errors.ts';

type Chunk = string | Uint8Array;

/** A pull-based stream: the next chunk is produced only when the socket has taken the last. */
export function streamOf(source: Iterable<Chunk> | AsyncIterable<Chunk>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it =
    Symbol.asyncIterator in source
      ? (source as AsyncIterable<Chunk>)[Symbol.asyncIterator]()
      : (source as Iterable<Chunk>)[Symbol.iterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await it.next();
      if (next.done) return controller.close();
      controller.enqueue(typeof next.value === 'string' ? encoder.encode(next.value) : next.value);
    },
    async cancel() {
      await it.return?.();
    },
  });
}

/** A long string in pieces, so it is written as it is encoded rather than as one buffer. */
export function* slices(text: string, size = 64 * 1024): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/**
 * The request body exactly as sent (e.g. raw MIME for POST /mail/inbound), at most `maxBytes`:
 * beyond that, 413 before reading further. Nothing parses the body unless a route asks.
 */
export async function readRawBody<E extends Env>(c: Context<E>, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new HttpProblem(413, 'too_large', `The body may not exceed ${maxBytes} bytes.`);
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const body = c.req.raw.body;
  if (!body) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}
