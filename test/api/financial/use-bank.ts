import type { FincoreApp, Overrides } from '../../../src/config/composition-root';
import type { IClock } from '../../../src/domain/shared/clock.port';
import { GatewayStandIn } from '../../helpers/gateway-stand-in';
import type { StoredUser } from '../../helpers/users';
import { auditTrail, type AuditLine } from './audit-trail';
import { Bank, createBankApp } from './bank';

export interface BankWorld {
  app: FincoreApp;
  bank: Bank;
  /** Two customers with no account yet. */
  alice: StoredUser;
  bob: StoredUser;
  /** The audit lines the app wrote, when asked for with `auditTrail`. */
  audit: AuditLine[];
  /** The HTTP payment gateway's stand-in, when asked for with `gatewayTimeoutMs`. */
  standIn: GatewayStandIn;
}

export interface BankWorldOptions {
  env?: Record<string, string>;
  /** Keep the audit lines (the app then logs at warn level, as auditTrail() explains). */
  auditTrail?: boolean;
  /** Talk to a GatewayStandIn over HTTP instead of the sandbox gateway, with this timeout. */
  gatewayTimeoutMs?: number;
  /** The app's clock in place of the system's, for tests that move time forward. */
  clock?: IClock;
}

/**
 * The set-up of a money API test: one app for the `describe` it is called in, with an admin and two
 * customers, closed after it. The fields are filled by a `before` hook: read them inside hooks and tests.
 */
export function useBank(options: BankWorldOptions = {}): BankWorld {
  const world = { audit: [] as AuditLine[] } as BankWorld;
  before(async function () {
    this.timeout(60_000);
    const env = { ...options.env };
    if (options.gatewayTimeoutMs !== undefined) {
      world.standIn = new GatewayStandIn();
      Object.assign(env, { PAYMENT_GATEWAY_URL: await world.standIn.start(), PAYMENT_GATEWAY_TIMEOUT_MS: String(options.gatewayTimeoutMs) });
    }
    const trail = options.auditTrail ? auditTrail() : undefined;
    world.audit = trail?.events ?? [];
    const overrides: Overrides = {};
    if (trail) overrides.logger = trail.logger;
    if (options.clock) overrides.clock = options.clock;
    world.app = await createBankApp(env, overrides);
    world.bank = await new Bank(world.app).init();
    world.alice = await world.bank.customer();
    world.bob = await world.bank.customer();
  });
  after(async () => {
    await world.app?.close();
    await world.standIn?.stop();
  });
  return world;
}
