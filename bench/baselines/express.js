// Hand-written Express 4 baseline of GET /v1/users/{cpf}.
const express = require('express');
const { createUserReader, HttpError, problem } = require('./user-read');

async function main() {
  const reader = await createUserReader();
  const app = express();
  app.disable('x-powered-by');
  app.get('/health/ready', (_req, res) => res.json({ status: 'pass' }));
  app.get('/v1/users/:cpf', async (req, res, next) => {
    try {
      res.json(await reader.read(req.get('authorization'), req.params.cpf));
    } catch (error) {
      next(error);
    }
  });
  app.use((error, _req, res, _next) => {
    const status = error instanceof HttpError ? error.status : 500;
    res.status(status).type('application/problem+json').send(JSON.stringify(problem(error instanceof HttpError ? error : new HttpError(500, 'INTERNAL'))));
  });
  app.listen(Number(process.env.PORT), '127.0.0.1');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
