import path from 'node:path';
import { type BenchRun, REPOSITORY_ROOT, SERVER_ROOT } from '../context';
import { freePort, ServerProcess } from '../server-process';
import { median } from '../stats';

/** The start-up floor: Node loading Fastify and answering /api/ready, measured as the server is. */
export async function measureBareStartup(run: BenchRun): Promise<number> {
  const times: number[] = [];
  for (let repeat = 0; repeat < run.settings.startup.repeats; repeat++) {
    const port = await freePort();
    const server = await ServerProcess.start({
      args: [path.join(SERVER_ROOT, 'bench', 'bare-server.mjs')],
      cwd: REPOSITORY_ROOT,
      port,
      env: { PATH: process.env.PATH, PORT: String(port) },
    });
    times.push(server.startupMs);
    await server.stop();
  }
  return median(times);
}
