import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit', env: process.env });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/** A message as the SMTP server received it: envelope recipients and the decoded text. */
export interface ReceivedMail {
  recipients: string[];
  text: string;
}

export interface Mailbox {
  url: string;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps what it receives, so the tests read e-mailed links
 * from messages that went over SMTP, as a user's inbox would get them.
 */
export async function startMailbox(): Promise<Mailbox> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          recipients: session.envelope.rcptTo.map((address) => address.address),
          text: decodeQuotedPrintable(Buffer.concat(chunks).toString('utf8')),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

export interface RunningServer {
  origin: string;
  /** The server's DATA_DIR: its embedded database. */
  dataDir: string;
  /** Every e-mail the server sent. */
  mailbox: Mailbox;
  stop(): Promise<void>;
}

/**
 * Starts the built server (node server/dist/main.js) on a free port with its own embedded database
 * in a temporary folder and access tokens that expire after 5 seconds.
 */
export async function startServer(repoRoot: string): Promise<RunningServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'finailytics-e2e-'));
  const mailbox = await startMailbox();
  // Configured the way `npm start` runs: production mode (Secure `__Secure-` cookie, HSTS, CSP with
  // upgrade-insecure-requests, secrets generated into DATA_DIR) and no separate front-end origin.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    JWT_EXPIRES_IN: '5s',
    APP_URL: origin,
    LOG_LEVEL: 'warn',
    BCRYPT_ROUNDS: '10',
  };
  // The browser tests always use a fresh embedded database, in-memory limits and their own mailbox.
  delete env.NODE_ENV;
  delete env.FRONTEND_ORIGIN;
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  env.SMTP_URL = mailbox.url;

  const child: ChildProcess = spawn(process.execPath, ['server/dist/main.js'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(timer);
    }
    await mailbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) {
      await stop();
      throw new Error('The server exited before it was ready');
    }
    try {
      const response = await fetch(`${origin}/api/ready`);
      if (response.ok) return { origin, dataDir, mailbox, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error('The server did not become ready within 60 s');
}

/** The newest link to `page` (reset-password or verify-email) mailed to `email`. */
export function findMailedLink(mailbox: Mailbox, email: string, page: string): string | null {
  const pattern = new RegExp(`https?://[^\\s"'<>]+/${page}#token=[A-Za-z0-9_-]{43}`, 'g');
  const messages = mailbox.messages.filter((message) => message.recipients.includes(email));
  for (const message of [...messages].reverse()) {
    const links = message.text.match(pattern);
    if (links?.[0]) return links[0];
  }
  return null;
}

/** An RFC 6238 code (SHA-1, 6 digits, 30 s) for a base32 secret, as an authenticator app shows it. */
export function totp(secretBase32: string, time = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secretBase32.replace(/[\s=]/g, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`Not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const key = Buffer.alloc(Math.floor(bits.length / 8));
  for (let index = 0; index < key.length; index++)
    key[index] = Number.parseInt(bits.slice(index * 8, index * 8 + 8), 2);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(time / 30_000)));
  const digest = createHmac('sha1', key).update(counter).digest();
  const offset = (digest[digest.length - 1] ?? 0) & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}
