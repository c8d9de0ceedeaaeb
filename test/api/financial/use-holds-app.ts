import type { AccountBody } from './bank';
import { Holds, MovableClock } from './holds-driver';
import { type BankWorld, useBank } from './use-bank';

export interface HoldsWorld extends BankWorld {
  holds: Holds;
  /** The app's clock: advancing it is how a test reaches a hold's expiry. */
  clock: MovableClock;
  /** Alice's account, opened with 1,000 before each test: where the holds take money from. */
  source: AccountBody;
  /** Bob's account, opened empty before each test: where the holds send money to. */
  destination: AccountBody;
}

export interface HoldsWorldOptions {
  env?: Record<string, string>;
}

/**
 * The set-up of a hold API test: `useBank` on a movable clock, a hold driver, and a fresh pair of
 * accounts for every test. The fields are filled by hooks: read them inside hooks and tests.
 */
export function useHoldsApp(options: HoldsWorldOptions = {}): HoldsWorld {
  const clock = new MovableClock();
  const world = useBank({ env: options.env, clock }) as HoldsWorld;
  world.clock = clock;
  before(() => {
    world.holds = new Holds(world.bank);
  });
  beforeEach(async () => {
    world.source = await world.bank.fundedAccount(world.alice, 1_000);
    world.destination = await world.bank.openAccount(world.bob);
  });
  return world;
}
