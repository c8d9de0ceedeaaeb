import http from 'node:http';
import net from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import { installHttpServerGuards } from '../../../src/api/http/http-server-guards';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';

/** Raw bytes to the server, everything it answers until it closes the connection (or 5 s pass). */
function exchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.setTimeout(5_000, () => socket.destroy());
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

function parse(answer: string): { status: number; headers: Record<string, string>; body: Record<string, unknown> } {
  const [head, body] = answer.split('\r\n\r\n');
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as Record<string, unknown> };
}

/**
 * What Node's HTTP parser refuses before Express ever runs must still be a problem+json answer
 * with a request id, so that a client (or its support ticket) can name it.
 */
describe('the HTTP server answers what Express never sees', () => {
  let app: FincoreApp;
  let server: http.Server;
  let port: number;

  before(async function () {
    this.timeout(60_000);
    app = await createTestApp();
    server = http.createServer(app.http);
    installHttpServerGuards(server, app.logger);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.close();
  });

  const cases: [string, string, number, string][] = [
    ['a malformed request line', 'GARBAGE\r\n\r\n', 400, 'MALFORMED_REQUEST'],
    ['a header line without a colon', 'GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n', 400, 'MALFORMED_REQUEST'],
    ['headers beyond the size limit', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
    ['an Expect it cannot meet', 'POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 0\r\n\r\n', 417, 'EXPECTATION_FAILED'],
    ['CONNECT', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 405, 'METHOD_NOT_ALLOWED'],
  ];
  for (const [what, bytes, status, code] of cases) {
    it(`${what}: ${status} problem+json with X-Request-Id`, async () => {
      const res = parse(await exchange(port, bytes));
      expect(res.status).to.equal(status);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
      expect(res.body).to.include({ status, code, requestId: res.headers['x-request-id'] });
    });
  }

  describe('OPTIONS', () => {
    it('answers 204 with the allowed methods, no HTML', async () => {
      const res = await request(app.http).options('/v1/users');
      expect(res.status).to.equal(204);
      expect(res.headers.allow).to.equal('GET, HEAD, OPTIONS, POST');
      expect(res.text).to.equal('');
    });

    it('on an unknown path: 404 problem+json', async () => {
      const res = await request(app.http).options('/no-such-route');
      expect(res.status).to.equal(404);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    });
  });
});

describe('OPTIONS with CORS configured', () => {
  let app: FincoreApp;
  before(async function () {
    this.timeout(60_000);
    app = await createTestApp({ CORS_ORIGINS: 'https://app.example.com' });
  });
  after(async () => {
    await app.close();
  });

  it('a preflight from an allowed origin still gets its CORS answer', async () => {
    const res = await request(app.http).options('/v1/users').set('Origin', 'https://app.example.com').set('Access-Control-Request-Method', 'POST');
    expect(res.status).to.equal(204);
    expect(res.headers['access-control-allow-origin']).to.equal('https://app.example.com');
    expect(res.headers['access-control-allow-methods']).to.include('POST');
  });
});
