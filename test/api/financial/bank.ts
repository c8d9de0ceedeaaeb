import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp, Overrides } from '../../../src/config/composition-root';
import type { Scope } from '../../../src/domain/modules/auth/principal';
import type { AccountResource } from '../../../src/domain/modules/financial/account.resource';
import { createTestApp } from '../../helpers/app';
import { asService } from '../../helpers/tokens';
import { type StoredUser, storeAdmin, storeUser } from '../../helpers/users';

/** Money tests send hundreds of requests per caller: the general rate limit is not under test here. */
export const createBankApp = (env: Record<string, string> = {}, overrides: Overrides = {}) =>
  createTestApp({ RATE_LIMIT_PER_MINUTE: '1000000', ...env }, overrides);

/** An account as the API answers it: the presenter's own type, so a new field reaches the tests with it. */
export type AccountBody = AccountResource;

let keys = 0;
/** A fresh Idempotency-Key. */
export const aKey = (): string => `test-key-${process.pid}-${++keys}-${Date.now()}`;

/** Every money test asserts problem bodies the same way as the rest of the suite. */
export { expectProblem } from '../../helpers/problem';

/** Test driver for the money routes of one app. */
export class Bank {
  admin!: StoredUser;

  constructor(readonly app: FincoreApp) {}

  async init(): Promise<this> {
    this.admin = await storeAdmin(this.app);
    return this;
  }

  http() {
    return request(this.app.http);
  }

  customer(): Promise<StoredUser> {
    return storeUser(this.app);
  }

  service(...scopes: Scope[]): string {
    return asService(this.app, ...scopes);
  }

  async openAccount(owner: StoredUser, currency = 'BRL'): Promise<AccountBody> {
    const res = await this.http().post('/v1/accounts').set('Authorization', owner.authorization).send({ currency });
    expect(res.status, res.text).to.equal(201);
    return res.body as AccountBody;
  }

  deposit(authorization: string, accountId: string, body: Record<string, unknown>, key: string | null = aKey()) {
    const req = this.http().post(`/v1/accounts/${accountId}/deposits`).set('Authorization', authorization);
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send({ currency: 'BRL', source: 'tok_visa', ...body });
  }

  withdraw(authorization: string, accountId: string, body: Record<string, unknown>, key: string | null = aKey()) {
    const req = this.http().post(`/v1/accounts/${accountId}/withdrawals`).set('Authorization', authorization);
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send({ currency: 'BRL', destination: 'bank_001', ...body });
  }

  transfer(authorization: string, body: Record<string, unknown>, key: string | null = aKey()) {
    const req = this.http().post('/v1/transfers').set('Authorization', authorization);
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send({ currency: 'BRL', ...body });
  }

  reverse(authorization: string, transactionId: string, key: string | null = aKey()) {
    const req = this.http().post(`/v1/transactions/${transactionId}/reversal`).set('Authorization', authorization);
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send();
  }

  refund(authorization: string, transactionId: string, body: Record<string, unknown> = {}, key: string | null = aKey()) {
    const req = this.http().post(`/v1/transactions/${transactionId}/refund`).set('Authorization', authorization);
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send(body);
  }

  sweep(authorization: string, accountId: string, body: Record<string, unknown>, key: string | null = aKey()) {
    const req = this.http().post(`/v1/accounts/${accountId}/sweep`).set('Authorization', authorization);
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send(body);
  }

  /** An account of `owner` holding `amount`, funded through the sandbox gateway. */
  async fundedAccount(owner: StoredUser, amount: number): Promise<AccountBody> {
    const account = await this.openAccount(owner);
    const res = await this.deposit(owner.authorization, account.id, { amount });
    expect(res.status, res.text).to.equal(201);
    return { ...account, balance: amount, availableBalance: amount };
  }

  async balance(accountId: string): Promise<number> {
    const res = await this.http().get(`/v1/accounts/${accountId}`).set('Authorization', this.admin.authorization);
    expect(res.status, res.text).to.equal(200);
    return res.body.balance as number;
  }

  /** Posted, pending (what holds reserve) and available, as GET /v1/accounts/{id} answers them. */
  async balances(accountId: string): Promise<{ balance: number; pendingBalance: number; availableBalance: number }> {
    const res = await this.http().get(`/v1/accounts/${accountId}`).set('Authorization', this.admin.authorization);
    expect(res.status, res.text).to.equal(200);
    const { balance, pendingBalance, availableBalance } = res.body;
    return { balance, pendingBalance, availableBalance };
  }

  async transactionCount(): Promise<number> {
    return Number((await this.app.db('ledger_transactions').count<{ n: string }[]>({ n: '*' }))[0].n);
  }

  /** The account's statement lines as [type, amount, balanceAfter], newest first. */
  async statementOf(accountId: string): Promise<[string, number, number][]> {
    const res = await this.http().get(`/v1/accounts/${accountId}/transactions?limit=100`).set('Authorization', this.admin.authorization);
    expect(res.status, res.text).to.equal(200);
    return res.body.items.map((l: { type: string; amount: number; balanceAfter: number }) => [l.type, l.amount, l.balanceAfter]);
  }

  async integrity(): Promise<{ balanced: boolean; problems: unknown[]; [section: string]: unknown }> {
    const res = await this.http().get('/v1/ledger/integrity').set('Authorization', this.admin.authorization);
    expect(res.status, res.text).to.equal(200);
    return res.body;
  }
}
