import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import {
  type AddressInfo,
  createServer as createTcpServer,
  type Socket,
  type Server as TcpServer,
} from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface LoopbackServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  requests: RecordedRequest[];
  /** TCP connections accepted so far. */
  sockets(): number;
  close(): Promise<void>;
}

/** Reads each request's body, records it, then lets `respond` answer (or misbehave). */
export async function startServer(
  respond: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  let sockets = 0;
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    respond(req, res, body);
  });
  server.on('connection', () => {
    sockets += 1;
  });
  return listening(
    server,
    requests,
    () => sockets,
    () => server.closeAllConnections(),
  );
}

/**
 * An https server whose certificate (for localhost and 127.0.0.1, valid 2000–2100) signs itself, so no client
 * trusts it. Its key is in test/fixtures/tls for this alone: it guards nothing.
 */
export async function startSelfSignedServer(): Promise<LoopbackServer> {
  const fixture = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url));
  const requests: RecordedRequest[] = [];
  let sockets = 0;
  const server = createHttpsServer(
    { key: fixture('self-signed.key.pem'), cert: fixture('self-signed.cert.pem') },
    (req, res) => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' });
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"cus_1"}');
    },
  );
  server.on('connection', () => {
    sockets += 1;
  });
  const listened = await listening(
    server,
    requests,
    () => sockets,
    () => server.closeAllConnections(),
  );
  return { ...listened, origin: listened.origin.replace('http:', 'https:') };
}

/** Listens on a free loopback port; resolves with the port. */
async function listenOnLoopback(server: Server | TcpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
}

/** A port that was just free and is now closed: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listenOnLoopback(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A TCP server that is not HTTP: it writes `banner` as each connection opens (an SSH server's greeting), and
 * records each request head it receives, as far as its first line tells (method and URL).
 */
export async function startTcpServer(banner: string): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  let sockets = 0;
  const open = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets += 1;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    let received = '';
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const head = received.indexOf('\r\n\r\n');
      if (head === -1) return;
      const [method = '', url = ''] = received.slice(0, received.indexOf('\r\n')).split(' ');
      requests.push({ method, url, headers: {}, body: received.slice(head + 4) });
      received = '';
    });
    socket.write(banner);
  });
  return listening(
    server,
    requests,
    () => sockets,
    () => {
      for (const socket of open) socket.destroy();
    },
  );
}

/** `server` listening on a free loopback port; closing it first ends its connections (`dropConnections`). */
async function listening(
  server: Server | TcpServer,
  requests: RecordedRequest[],
  sockets: () => number,
  dropConnections: () => void,
): Promise<LoopbackServer> {
  const port = await listenOnLoopback(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    sockets,
    close: async () => {
      dropConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
