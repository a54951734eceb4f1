import { createServer, type Socket } from 'node:net';
import { CommandReader, CommandSyntaxError, tokenize } from './imap/command-reader.js';
import { ImapSession } from './imap/session.js';
import { ImapMailStore } from './imap/store.js';

export interface LocalImap {
  host: string;
  port: number;
  endpoint: string;
  /** The mailboxes: deliver into them (the local SMTP server does), or renumber one to play a server migration. */
  store: ImapMailStore;
  close(): Promise<void>;
}

export interface ImapServerOptions {
  host: string;
  port: number;
  /** Where the mailboxes are kept (state.json and one file per message). */
  dataDir: string;
  /** The account a LOGIN opens, or undefined to refuse it. */
  authenticate: (user: string, password: string) => string | undefined;
  onError: (error: unknown) => void;
}

/**
 * The local stand-in for the offices' mail provider when mail comes in by IMAP:
 * plain IMAP4rev1 on 127.0.0.1 (LOGIN, LIST, CREATE, SELECT/EXAMINE with
 * UIDVALIDITY and UIDNEXT, STATUS, SEARCH, FETCH of the whole message, its size
 * and flags, STORE, COPY, MOVE, EXPUNGE and their UID forms, NOOP, LOGOUT) —
 * what imapflow needs to poll a mailbox. No maintained npm package serves IMAP
 * without a database behind it (WildDuck needs MongoDB and Redis; hoodiecrow
 * has not been released since 2016).
 */
export async function startImapServer(opts: ImapServerOptions): Promise<LocalImap> {
  const store = new ImapMailStore(opts.dataDir);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const session = new ImapSession(store, opts.authenticate, {
      write: (data) => void socket.write(data),
      end: () => void socket.end(),
    });
    const reader = new CommandReader(() => void socket.write('+ ready for literal data\r\n'));
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const command of reader.push(chunk)) {
          try {
            session.handle(tokenize(command));
          } catch (error) {
            if (!(error instanceof CommandSyntaxError)) throw error;
            socket.write(`* BAD ${error.message}\r\n`);
          }
        }
      } catch (error) {
        opts.onError(error);
        socket.end(`* BYE ${(error as Error).message}\r\n`);
      }
    });
    session.greet();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  server.on('error', opts.onError);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    host: opts.host,
    port,
    endpoint: `imap://${opts.host}:${port}`,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
