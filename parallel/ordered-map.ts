/**
 * Tasks → results in task order, with at most `window` tasks taken from the source and not yet
 * yielded. Results that finish early wait for the ones before them; the source is read only
 * while the window has room, so a slow consumer slows the reading (flat memory), and a result
 * is yielded as soon as it is next in order, even while the source is waiting for input.
 */
export async function* orderedMap<T, R>(
  tasks: AsyncIterable<T> | Iterable<T>,
  run: (task: T) => Promise<R>,
  window: number,
): AsyncGenerator<R> {
  const source = Symbol.asyncIterator in tasks ? tasks[Symbol.asyncIterator]() : toAsync(tasks as Iterable<T>);
  const queue: Promise<R>[] = [];
  /** Whether the head of the queue has settled; checked without awaiting. */
  let headSettled = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const watchHead = () => {
    headSettled = false;
    const head = queue[0];
    if (head === undefined) return;
    head.then(
      () => {
        if (queue[0] === head) {
          headSettled = true;
          notify();
        }
      },
      () => {
        if (queue[0] === head) {
          headSettled = true;
          notify();
        }
      },
    );
  };
  let exhausted = false;
  let pulling: Promise<IteratorResult<T>> | null = null;
  let finished = false;
  try {
    while (true) {
      while (headSettled) {
        const r = await queue.shift()!;
        watchHead();
        yield r;
      }
      if (exhausted && queue.length === 0) {
        finished = true;
        return;
      }
      if (!exhausted && queue.length < window && pulling === null) pulling = source.next();
      const changed = new Promise<null>((resolve) => (wake = () => resolve(null)));
      const got = pulling === null ? await changed : await Promise.race([pulling, changed]);
      wake = null;
      if (got === null) continue;
      pulling = null;
      if (got.done) {
        exhausted = true;
        continue;
      }
      const p = run(got.value);
      // A failure is thrown when its turn comes; until then it must not count as unhandled.
      p.catch(() => undefined);
      queue.push(p);
      if (queue.length === 1) watchHead();
    }
  } finally {
    if (!finished) {
      // Stopped early (consumer gone, or a failure): release the source.
      // Not awaited: a source blocked on input (a client that stopped sending) must not hold us.
      if (pulling !== null) (pulling as Promise<unknown>).catch(() => undefined);
      source.return?.(undefined)?.catch(() => undefined);
    }
  }
}

async function* toAsync<T>(it: Iterable<T>): AsyncGenerator<T> {
  yield* it;
}
