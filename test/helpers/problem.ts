import { expect } from 'chai';
import type request from 'supertest';

/** Every 4xx/5xx body of this service (SPEC section 5), with nothing internal in it. */
export function expectProblem(res: request.Response, status: number, code: string): Record<string, unknown> {
  expect(res.status, res.text).to.equal(status);
  expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(Object.keys(body).filter((k) => k !== 'errors').sort()).to.deep.equal(['code', 'detail', 'instance', 'requestId', 'status', 'title', 'type']);
  expect(body).to.include({ status, code, instance: new URL(res.request.url).pathname });
  expect(body.type).to.equal(`urn:fincore:problem:${code.toLowerCase().replace(/_/g, '-')}`);
  expect(body.title).to.be.a('string').and.not.empty;
  expect(body.detail).to.be.a('string').and.not.empty;
  expect(body.requestId).to.equal(res.headers['x-request-id']).and.not.empty;
  expect(res.text).to.not.match(/\bat .+:\d+:\d+|node_modules|select |insert into|update "|relation "|column "/i);
  return body;
}
