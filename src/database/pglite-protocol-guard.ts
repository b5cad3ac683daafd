import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Frontend message types of the extended query protocol, up to the Sync that ends them. */
const EXTENDED = new Set([0x50 /* P Parse */, 0x42 /* B Bind */, 0x44 /* D Describe */, 0x45 /* E Execute */, 0x43 /* C Close */, 0x48 /* H Flush */]);
const SYNC = 0x53; // S
const QUERY = 0x51; // Q (simple query: complete in itself)

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
  onData: (data: Uint8Array) => void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: {
    isInTransaction(): boolean;
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
    execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<unknown>;
  };
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

/**
 * pglite-socket runs the messages of all connections through one session, one message
 * at a time, and keeps a connection exclusive only while a transaction is open. The
 * messages of one extended-protocol query (Parse, Bind, Describe, Execute ... Sync)
 * arrive one by one too, so two connections querying at once interleave them and one
 * fails with "unnamed prepared statement does not exist". This keeps a connection
 * exclusive from its first extended-protocol message to its Sync, as it already is
 * inside a transaction. (Measured with concurrent health checks; see the spec.)
 */
export function guardExtendedProtocol(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  if (!queue || typeof queue.processQueue !== 'function' || !Array.isArray(queue.queue)) {
    throw new Error('pglite-socket changed its internals: review guardExtendedProtocol before upgrading');
  }
  const midSequence = new Set<number>();

  queue.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const pinned =
          this.lastHandlerId !== null && (this.db.isInTransaction() || midSequence.has(this.lastHandlerId)) ? this.lastHandlerId : null;
        let item: QueuedMessage | undefined;
        if (pinned === null) item = this.queue.shift();
        else {
          const index = this.queue.findIndex((m) => m.handlerId === pinned);
          if (index === -1) break; // wait for that connection's next message
          item = this.queue.splice(index, 1)[0];
        }
        if (!item) break;
        const type = item.message[0];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (err) {
          midSequence.delete(item.handlerId);
          item.reject(err);
          continue;
        }
        if (type === SYNC || type === QUERY) midSequence.delete(item.handlerId);
        else if (EXTENDED.has(type)) midSequence.add(item.handlerId);
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  const clearQueue = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    midSequence.delete(handlerId);
    clearQueue(handlerId);
    void queue.processQueue();
  };
  const clearTransaction = queue.clearTransactionIfNeeded.bind(queue);
  queue.clearTransactionIfNeeded = async (handlerId: number) => {
    midSequence.delete(handlerId);
    await clearTransaction(handlerId);
    await queue.processQueue();
  };
}
