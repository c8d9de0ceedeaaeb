// node:http baseline of GET /v1/users/{cpf}: the same work with no framework at all.
const http = require('node:http');
const { createUserReader, HttpError, problem } = require('./user-read');

const ROUTE = /^\/v1\/users\/([^/?]+)$/;

async function main() {
  const reader = await createUserReader();
  const send = (res, status, type, body) => res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body);
  const server = http.createServer(async (req, res) => {
    if (req.url === '/health/ready') return send(res, 200, 'application/json', '{"status":"pass"}');
    const match = req.method === 'GET' ? ROUTE.exec(req.url) : null;
    if (!match) return send(res, 404, 'application/problem+json', JSON.stringify(problem(new HttpError(404, 'NOT_FOUND'))));
    try {
      send(res, 200, 'application/json; charset=utf-8', JSON.stringify(await reader.read(req.headers.authorization, decodeURIComponent(match[1]))));
    } catch (error) {
      const known = error instanceof HttpError ? error : new HttpError(500, 'INTERNAL');
      send(res, known.status, 'application/problem+json', JSON.stringify(problem(known)));
    }
  });
  server.listen(Number(process.env.PORT), '127.0.0.1');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
