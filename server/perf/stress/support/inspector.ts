import WebSocket from 'ws';
import type { ServerProcess } from '../../bench/server-process';

export interface HeapUsage {
  /** Bytes of live JavaScript objects right after a full garbage collection. */
  usedBytes: number;
  totalBytes: number;
}

/**
 * Asks a process started with `--inspect=127.0.0.1:0` (startAppProcess({ inspect: true })) to run a
 * full garbage collection through the DevTools protocol, then reads its heap. What survives a full
 * collection is what the process really holds on to, so comparing it before and after a load run
 * tells a leak from garbage not yet collected.
 */
export async function collectGarbageAndMeasure(server: ServerProcess): Promise<HeapUsage> {
  const address = /Debugger listening on (ws:\/\/\S+)/.exec(server.output())?.[1];
  if (!address) throw new Error('The process was not started with the inspector open');
  const socket = new WebSocket(address);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 0;
  const send = (method: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++nextId;
      const onMessage = (raw: WebSocket.RawData) => {
        const message = JSON.parse(raw.toString()) as {
          id?: number;
          result?: Record<string, unknown>;
          error?: unknown;
        };
        if (message.id !== id) return;
        socket.off('message', onMessage);
        if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`));
        else resolve(message.result ?? {});
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method }));
    });
  try {
    // Twice: objects with finalizers or weak references are freed by the second pass.
    await send('HeapProfiler.collectGarbage');
    await send('HeapProfiler.collectGarbage');
    const usage = await send('Runtime.getHeapUsage');
    return { usedBytes: Number(usage.usedSize), totalBytes: Number(usage.totalSize) };
  } finally {
    socket.close();
  }
}
