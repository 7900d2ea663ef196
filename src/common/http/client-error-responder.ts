import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE, ProblemDocument, problemType } from '../errors/problem';
import { REQUEST_ID_HEADER } from '../request-id';

interface ClientErrorProblem {
  status: number;
  code: string;
  title: string;
  detail: string;
}

/** Node's own choices of status (lib/_http_server.js), with our codes and words. */
function problemFor(errorCode: string | undefined): ClientErrorProblem {
  switch (errorCode) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'request.headers_too_large',
        title: 'Request header fields too large',
        detail: 'The request headers are larger than the server accepts; send fewer or smaller headers (cookies?).',
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return {
        status: 413,
        code: 'request.body_too_large',
        title: 'Content too large',
        detail: 'The chunk extensions of the request body are too large.',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'HPE_HEADERS_TIMEOUT':
      return {
        status: 408,
        code: 'request.timeout',
        title: 'Request timeout',
        detail: 'The request was not received in time.',
      };
    default:
      return {
        status: 400,
        code: 'request.malformed',
        title: 'Bad request',
        detail: 'The request is not valid HTTP/1.1.',
      };
  }
}

/**
 * Answers what Node's HTTP parser refuses before Express sees a request (oversized headers,
 * malformed HTTP) with problem+json and a request id, instead of Node's bare status line. Nothing
 * of the request is logged or echoed: its raw bytes (`error.rawPacket`) may hold credentials.
 */
export function answerClientErrorsWithProblems(server: Server): void {
  const logger = new Logger('HttpParser');
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // Already answered: the parser reports its error again for every chunk that still arrives.
    if (!socket.writable) return;
    if (error.code === 'ECONNRESET' || responseInFlight(socket)) {
      socket.destroy();
      return;
    }
    const requestId = randomUUID();
    const problem = problemFor(error.code);
    logger.warn(
      { requestId, status: problem.status, parserError: error.code },
      'Refused a request the HTTP parser could not read',
    );
    const body: ProblemDocument = {
      type: problemType(problem.code),
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      code: problem.code,
      requestId,
    };
    const json = JSON.stringify(body);
    socket.end(
      [
        `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}`,
        `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
        `Content-Length: ${Buffer.byteLength(json)}`,
        `${REQUEST_ID_HEADER}: ${requestId}`,
        'Cache-Control: no-store',
        'X-Content-Type-Options: nosniff',
        'Connection: close',
        '',
        json,
      ].join('\r\n'),
    );
    // The parser is done with this connection; do not let a client that keeps sending hold it open.
    setTimeout(() => socket.destroy(), 1_000).unref();
  });
}

/**
 * A keep-alive connection may still be sending the previous answer; writing a status line into it
 * would corrupt that answer (Node's default handler makes the same check).
 */
function responseInFlight(socket: Socket): boolean {
  const current = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  return Boolean(current?.headersSent);
}
