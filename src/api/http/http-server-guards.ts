import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER } from '../middlewares/request-id';
import { problemType } from '../problems/problem';
import { problemKind } from '../problems/problem-table';

/** Node's parser error codes and the problem each becomes; anything else is a malformed request. */
const PARSER_PROBLEMS: Record<string, { code: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: { code: 'HEADERS_TOO_LARGE', detail: 'The request headers exceed the size limit' },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'REQUEST_TIMEOUT', detail: 'The request was not received in time' },
};
const MALFORMED = { code: 'MALFORMED_REQUEST', detail: 'The request is not valid HTTP/1.1' };

interface RawProblem {
  status: number;
  title: string;
  headers: Record<string, string>;
  body: string;
}

function problemResponse(code: string, detail: string, instance: string, extraHeaders: Record<string, string> = {}): RawProblem {
  const kind = problemKind(code)!;
  const requestId = randomUUID();
  const body = JSON.stringify({ type: problemType(code), title: kind.title, status: kind.status, detail, instance, code, requestId });
  const headers = {
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    [REQUEST_ID_HEADER]: requestId,
    'Cache-Control': 'no-store',
    Connection: 'close',
    ...extraHeaders,
  };
  return { status: kind.status, title: kind.title, headers, body };
}

/** The same, as bytes for a socket Express never saw. */
function rawProblem(code: string, detail: string, instance: string, extraHeaders: Record<string, string> = {}): string {
  const { status, title, headers, body } = problemResponse(code, detail, instance, extraHeaders);
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return [`HTTP/1.1 ${status} ${title}`, ...head, '', body].join('\r\n');
}

const pathOf = (req: IncomingMessage): string => (req.url ?? '/').split('?')[0];

/**
 * What Node's HTTP server decides before Express runs, answered as this service answers
 * everything else (problem+json with an X-Request-Id) instead of Node's empty 400/431/417 or, for
 * CONNECT, a connection closed without a word.
 */
export function installHttpServerGuards(server: Server, logger: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset or half-sent request has nobody left to answer.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { code, detail } = PARSER_PROBLEMS[error.code ?? ''] ?? MALFORMED;
    logger.info({ parserError: error.code }, 'http: request refused by the HTTP parser');
    socket.end(rawProblem(code, detail, '/'));
  });
  // Without a listener Node answers 417 with an empty body.
  server.on('checkExpectation', (req: IncomingMessage, res) => {
    const { status, headers, body } = problemResponse('EXPECTATION_FAILED', 'Only "Expect: 100-continue" is supported', pathOf(req));
    res.writeHead(status, headers).end(body);
  });
  // This service is no proxy: CONNECT is refused, never left hanging or silently closed.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    socket.end(rawProblem('METHOD_NOT_ALLOWED', 'CONNECT is not allowed here', pathOf(req), { Allow: 'DELETE, GET, HEAD, OPTIONS, PATCH, POST' }));
  });
}
