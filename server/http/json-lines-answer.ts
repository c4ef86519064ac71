/**
 * A JSON-lines answer streamed from its pieces as they are ready (the evaluate stream, impact over
 * a portfolio table). The pieces are asked for only as the client takes the answer, and a client
 * that goes away stops them. Once the answer has started its status cannot change, so a failure
 * part-way is logged and ends it with one line `{"error":{…}}` (no customerId) saying how far it got.
 */
import type { Logger } from "../context.js";

export interface Failure {
  log: Logger;
  requestId: string;
  /** The log entry's message, e.g. "evaluation stream failed". */
  logMessage: string;
  /** What stopped, for the error line: "the evaluation", "the comparison". */
  what: string;
  /** Customers answered so far. */
  after: () => number;
}

const encoder = new TextEncoder();

export function jsonLinesAnswer(pieces: AsyncGenerator<Uint8Array | string>, failure: Failure): ReadableStream<Uint8Array> {
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await pieces.next();
          if (next.done) controller.close();
          else controller.enqueue(typeof next.value === "string" ? encoder.encode(next.value) : next.value);
        } catch (error) {
          if (cancelled) return;
          const after = failure.after();
          const { requestId } = failure;
          failure.log({ level: "error", msg: failure.logMessage, requestId, after, err: error instanceof Error ? (error.stack ?? error.message) : String(error) });
          const message = `${failure.what} stopped after ${after} customers: ${error instanceof Error ? error.message : String(error)}`;
          controller.enqueue(encoder.encode(`${JSON.stringify({ error: { code: "internal", message, requestId, after } })}\n`));
          controller.close();
        }
      },
      async cancel() {
        // The client went away: stop the pieces and drop what is in flight.
        cancelled = true;
        await pieces.return(undefined).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
