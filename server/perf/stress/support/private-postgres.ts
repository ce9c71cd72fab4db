import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../bench/server-process';

const run = promisify(execFile);

/** Where PostgreSQL's server programs live: `pg_config --bindir`, else the newest under /usr/lib/postgresql. */
function postgresBinDir(): string {
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (dir) return dir;
  } catch {
    // No pg_config on the PATH; fall back to the Debian layout.
  }
  const versions = execFileSync('ls', ['/usr/lib/postgresql'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('No PostgreSQL server programs found (pg_config, /usr/lib/postgresql)');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

/**
 * initdb and postgres refuse to run as root; as root they run as the postgres account, which must
 * also own the cluster's directory.
 */
function asClusterOwner(program: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
}

export type StopMode = 'fast' | 'immediate';

/**
 * A PostgreSQL cluster of the test's own, in a temporary directory on a free loopback port, that a
 * test may stop and start at will without disturbing the shared server other tests use.
 * - `fast` stop: the server terminates every connection (admin_shutdown) and shuts down cleanly;
 * - `immediate` stop: the server processes exit at once, as in a crash; the next start recovers.
 * - `freeze`: every server process is suspended (SIGSTOP) until `thaw`, as on a hung host or across a
 *   network partition: connections stay open and nothing answers.
 */
export class PrivatePostgres {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  #binDir: string;
  #destroyed = false;
  #onExit: () => void;
  /** Processes suspended by freeze(), postmaster first. */
  #frozen: number[] = [];

  private constructor(dir: string, port: number, binDir: string) {
    this.dir = dir;
    this.port = port;
    this.#binDir = binDir;
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    // Even when the test process ends without running afterAll, no server is left running.
    this.#onExit = () => this.#destroySync();
    process.once('exit', this.#onExit);
  }

  /** initdb into a fresh temporary directory, configure, and start. */
  static async create(): Promise<PrivatePostgres> {
    const binDir = postgresBinDir();
    const dir = mkdtempSync(path.join(tmpdir(), 'finailytics-pg-'));
    const port = await freePort();
    const cluster = new PrivatePostgres(dir, port, binDir);
    try {
      if (process.getuid?.() === 0) {
        const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
        const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
        chownSync(dir, uid, gid);
      }
      await cluster.#run('initdb', ['-D', cluster.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
      const settings = [
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        // A throwaway cluster: surviving a crash of the machine does not matter, so nothing is flushed
        // to disk. Commits stay synchronous: an `immediate` stop is a server crash, and a commit the
        // server acknowledged must survive it.
        'fsync = off',
        'max_connections = 50',
      ];
      writeFileSync(path.join(cluster.dataDir, 'postgresql.auto.conf'), `${settings.join('\n')}\n`);
      await cluster.start();
      return cluster;
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
  }

  get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  get #logFile(): string {
    return path.join(this.dir, 'server.log');
  }

  async #run(program: string, args: string[]): Promise<string> {
    const [command, commandArgs] = asClusterOwner(path.join(this.#binDir, program), args);
    try {
      const { stdout } = await run(command, commandArgs, { timeout: 60_000 });
      return stdout;
    } catch (error) {
      const failure = error as Error & { stderr?: string };
      throw new Error(`${program} ${args.join(' ')} failed: ${failure.stderr || failure.message}\n${this.log()}`);
    }
  }

  /** Starts the server and waits until it accepts connections (after crash recovery, if any). */
  async start(): Promise<void> {
    await this.#run('pg_ctl', ['-D', this.dataDir, '-l', this.#logFile, '-w', '-t', '60', 'start']);
  }

  /** Stops the server and waits until it is gone. */
  async stop(mode: StopMode = 'fast'): Promise<void> {
    await this.#run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  /** The postmaster's pid: the first line of postmaster.pid, which exists while it runs. */
  #postmasterPid(): number | null {
    try {
      const pid = Number(readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  }

  /** The postmaster's children (backends, checkpointer, WAL writer...), by their parent in /proc. */
  #childrenOf(parent: number): number[] {
    const children: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after its ')'.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === parent) children.push(Number(entry));
      } catch {
        // The process ended while being read.
      }
    }
    return children;
  }

  /**
   * Suspends every process of this cluster (and no other): the postmaster first, so it forks nothing
   * new, then its children. Open connections stay open and new ones are queued by the kernel, unanswered.
   * Returns how many processes it suspended.
   */
  freeze(): number {
    const postmaster = this.#postmasterPid();
    if (postmaster === null) throw new Error('freeze: the cluster is not running');
    process.kill(postmaster, 'SIGSTOP');
    this.#frozen.push(postmaster);
    for (const child of this.#childrenOf(postmaster)) {
      try {
        process.kill(child, 'SIGSTOP');
        this.#frozen.push(child);
      } catch {
        // It exited in the meantime.
      }
    }
    return this.#frozen.length;
  }

  /** Resumes what freeze() suspended, children first. Safe to call when nothing is frozen. */
  thaw(): void {
    for (const pid of this.#frozen.reverse()) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // Gone.
      }
    }
    this.#frozen = [];
  }

  /** True while the postmaster runs. */
  async isRunning(): Promise<boolean> {
    try {
      await this.#run('pg_ctl', ['-D', this.dataDir, 'status']);
      return true;
    } catch {
      return false;
    }
  }

  /** The server's own log, for error messages. */
  log(): string {
    try {
      return readFileSync(this.#logFile, 'utf8').slice(-4000);
    } catch {
      return '';
    }
  }

  /** Stops the server (if it runs) and removes its directory. Safe to call twice. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    // A suspended server would never act on the stop signal.
    this.thaw();
    if (await this.isRunning()) await this.stop('immediate').catch(() => {});
    this.#destroySync();
  }

  #destroySync(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    process.off('exit', this.#onExit);
    this.thaw();
    try {
      const [command, args] = asClusterOwner(path.join(this.#binDir, 'pg_ctl'), [
        '-D',
        this.dataDir,
        '-m',
        'immediate',
        '-w',
        'stop',
      ]);
      execFileSync(command, args, { stdio: 'ignore', timeout: 30_000 });
    } catch {
      // Not running.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
