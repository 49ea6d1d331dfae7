import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_JSON } from './errors';
import { Problem } from './problems';

/**
 * Requests Node's HTTP parser refuses never reach Express; by default Node answers them with a bare
 * status line. This answers them as problem+json like every other refusal, and closes the connection
 * (the parser cannot resynchronise on it).
 */
export function installClientErrorHandler(server: http.Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // Nothing to answer: the client is gone, or a response already started on this socket.
    if (err.code === 'ECONNRESET' || !socket.writable || headersSent(socket)) {
      socket.destroy();
      return;
    }
    const problem = parserProblem(err.code);
    const body = JSON.stringify(problem.toJSON());
    socket.end(
      [
        `HTTP/1.1 ${problem.status} ${REASON[problem.status] ?? 'Bad Request'}`,
        `Content-Type: ${PROBLEM_JSON}`,
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  });
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

function parserProblem(code: string | undefined): Problem {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new Problem('headers-too-large', {
        detail: '请求行或请求头过长 / The request line or headers are longer than the limit',
      });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new Problem('request-timeout', {
        detail: '请求未在时限内传完 / The request did not arrive in time',
      });
    default:
      return new Problem('invalid-request', {
        detail: '请求不符合 HTTP 格式 / The request is not well-formed HTTP',
      });
  }
}

function headersSent(socket: Duplex): boolean {
  const message = (socket as Duplex & { _httpMessage?: http.ServerResponse })._httpMessage;
  return Boolean(message?.headersSent);
}
