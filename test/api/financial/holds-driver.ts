import { expect } from 'chai';
import type { IClock } from '../../../src/domain/shared/clock.port';
import { aKey, type Bank } from './bank';

/** A clock tests move forward, to reach a hold's expiry without waiting. */
export class MovableClock implements IClock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advanceSeconds(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}

export interface Balances {
  balance: number;
  pendingBalance: number;
  availableBalance: number;
}

/** Test driver for the hold routes of one app. */
export class Holds {
  constructor(private readonly bank: Bank) {}

  place(authorization: string, body: Record<string, unknown>, key: string | null = aKey()) {
    const req = this.bank.http().post('/v1/holds').set('Authorization', authorization);
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send({ currency: 'BRL', ...body });
  }

  capture(authorization: string, holdId: string, body: Record<string, unknown> = {}, key: string | null = aKey()) {
    const req = this.bank.http().post(`/v1/holds/${holdId}/capture`).set('Authorization', authorization);
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send(body);
  }

  void(authorization: string, holdId: string, key: string | null = aKey()) {
    const req = this.bank.http().post(`/v1/holds/${holdId}/void`).set('Authorization', authorization);
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send();
  }

  get(authorization: string, holdId: string) {
    return this.bank.http().get(`/v1/holds/${holdId}`).set('Authorization', authorization);
  }

  /** A hold that must be placed: its id. */
  async placed(authorization: string, body: Record<string, unknown>): Promise<string> {
    const res = await this.place(authorization, body);
    expect(res.status, res.text).to.equal(201);
    return res.body.id as string;
  }

  async balances(accountId: string): Promise<Balances> {
    const res = await this.bank.http().get(`/v1/accounts/${accountId}`).set('Authorization', this.bank.admin.authorization);
    expect(res.status, res.text).to.equal(200);
    const { balance, pendingBalance, availableBalance } = res.body as Balances;
    return { balance, pendingBalance, availableBalance };
  }
}
