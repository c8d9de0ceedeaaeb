import { expect } from 'chai';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';
import { inSeries } from '../../../src/api/http/in-series';

/** An app whose one layer is `series`, answering what ran; errors answer 500 with their message. */
function appWith(series: RequestHandler) {
  const app = express();
  app.use(series);
  app.get('/', (_req, res) => res.json({ ran: res.locals.ran ?? [] }));
  const onError: ErrorRequestHandler = (error: Error, _req, res, _next) => {
    res.status(500).json({ error: error.message, ran: res.locals.ran ?? [] });
  };
  app.use(onError);
  return app;
}

const step =
  (name: string): RequestHandler =>
  (_req, res, next) => {
    res.locals.ran = [...((res.locals.ran as string[] | undefined) ?? []), name];
    next();
  };

describe('inSeries', () => {
  it('runs the handlers in order, then the next layer', async () => {
    const res = await request(appWith(inSeries(step('a'), step('b'), step('c')))).get('/');
    expect(res.body).to.deep.equal({ ran: ['a', 'b', 'c'] });
  });

  it('an error passed to next ends the series and reaches the error handler', async () => {
    const fail: RequestHandler = (_req, _res, next) => next(new Error('refused'));
    const res = await request(appWith(inSeries(step('a'), fail, step('c')))).get('/');
    expect(res.status).to.equal(500);
    expect(res.body).to.deep.equal({ error: 'refused', ran: ['a'] });
  });

  it('a handler that throws reaches the error handler', async () => {
    const thrower: RequestHandler = () => {
      throw new Error('thrown');
    };
    const res = await request(appWith(inSeries(step('a'), thrower, step('c')))).get('/');
    expect(res.body).to.deep.equal({ error: 'thrown', ran: ['a'] });
  });

  it('goes on after a handler that calls next later', async () => {
    const later: RequestHandler = (_req, _res, next) => void setTimeout(next, 5);
    const res = await request(appWith(inSeries(later, step('b')))).get('/');
    expect(res.body).to.deep.equal({ ran: ['b'] });
  });

  it('a handler that throws after an earlier one went on later reaches the error handler', async () => {
    const later: RequestHandler = (_req, _res, next) => void setTimeout(next, 5);
    const thrower: RequestHandler = () => {
      throw new Error('thrown later');
    };
    const res = await request(appWith(inSeries(later, thrower, step('c')))).get('/');
    expect(res.status).to.equal(500);
    expect(res.body).to.deep.equal({ error: 'thrown later', ran: [] });
  });

  it("next('route') and a falsy value go on to the next handler, as between layers", async () => {
    const skipRoute: RequestHandler = (_req, _res, next) => next('route');
    const falsy: RequestHandler = (_req, _res, next) => next(false as unknown as undefined);
    const res = await request(appWith(inSeries(skipRoute, step('a'), falsy, step('b')))).get('/');
    expect(res.body).to.deep.equal({ ran: ['a', 'b'] });
  });

  it("next('router') leaves the router: no later handler or route runs", async () => {
    const leave: RequestHandler = (_req, _res, next) => next('router');
    const res = await request(appWith(inSeries(step('a'), leave, step('b')))).get('/');
    expect(res.status).to.equal(404);
  });

  it('a handler that answers ends the request there', async () => {
    const answer: RequestHandler = (_req, res) => void res.status(204).end();
    const res = await request(appWith(inSeries(step('a'), answer, step('c')))).get('/');
    expect(res.status).to.equal(204);
  });
});
