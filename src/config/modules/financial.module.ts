import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { FinancialSettings } from '../../domain/modules/financial/financial-settings';
import { FINANCIAL_TYPES } from '../../domain/modules/financial/financial.types';
import type { IMoneyMovementService } from '../../domain/modules/financial/money-movement.service';
import type { IPaymentGateway } from '../../domain/modules/financial/payment-gateway.port';
import type { IRefundService } from '../../domain/modules/financial/refund.service';
import { USER_TYPES } from '../../domain/modules/user/user.types';
import type { IAuditLog } from '../../domain/shared/audit-log.port';
import { SHARED_TYPES } from '../../domain/shared/shared.types';
import { HttpPaymentGateway } from '../../infra/adapters/payment/http-payment.gateway';
import { SandboxPaymentGateway } from '../../infra/adapters/payment/sandbox-payment.gateway';
import { KnexAccountRepository } from '../../infra/database/knex/modules/financial/knex-account.repository';
import { KnexHoldRepository } from '../../infra/database/knex/modules/financial/knex-hold.repository';
import { KnexIdempotencyStore } from '../../infra/database/knex/modules/financial/knex-idempotency.store';
import { KnexLedgerRepository } from '../../infra/database/knex/modules/financial/knex-ledger.repository';
import { meteredMoneyMovements, meteredRefunds, movementCounters } from '../../infra/metrics/money-movement.metrics';
import { meteredPaymentGateway } from '../../infra/metrics/payment-gateway.metrics';
import { AccountSweepService } from '../../infra/services/financial/account-sweep.service';
import { AccountService } from '../../infra/services/financial/account.service';
import { FreezeAccountsWhenUserDeactivated } from '../../infra/services/financial/freeze-accounts-when-user-deactivated.handler';
import { GatewayDebit } from '../../infra/services/financial/gateway-debit';
import { HoldBook } from '../../infra/services/financial/hold-book';
import { HoldService } from '../../infra/services/financial/hold.service';
import { LedgerPoster } from '../../infra/services/financial/ledger-poster';
import { WithdrawalPayout } from '../../infra/services/financial/withdrawal-payout';
import { LedgerService } from '../../infra/services/financial/ledger.service';
import { MoneyMovementService } from '../../infra/services/financial/money-movement.service';
import { RefundService } from '../../infra/services/financial/refund.service';
import { UnfreezeAccountsWhenUserActivated } from '../../infra/services/financial/unfreeze-accounts-when-user-activated.handler';
import type { Settings } from '../settings';

const GATEWAY_RETRIES = 2;

/** The HTTP gateway when PAYMENT_GATEWAY_URL is set, else the deterministic sandbox. */
export function createPaymentGateway(settings: Settings, logger: Logger): IPaymentGateway {
  if (!settings.paymentGatewayUrl) return new SandboxPaymentGateway();
  return new HttpPaymentGateway({ baseUrl: settings.paymentGatewayUrl, timeoutMs: settings.paymentGatewayTimeoutMs, retries: GATEWAY_RETRIES, logger });
}

/** Said by the server at start-up (not by every CLI command): the sandbox is chosen on purpose in production, but it approves every charge. */
export function warnIfSandboxInProduction(settings: Settings, logger: Logger): void {
  if (settings.nodeEnv === 'production' && !settings.paymentGatewayUrl) {
    logger.warn('PAYMENT_GATEWAY_URL=sandbox in production: deposits and withdrawals are simulated, no money moves');
  }
}

export function financialSettings(settings: Settings): FinancialSettings {
  // Short on purpose: the attempt renews its hold while it runs, so the lease only has to cover
  // the gap after a crash. A dead attempt's key is taken over this long after its last renewal.
  return { supportedCurrencies: settings.supportedCurrencies, idempotencyLeaseMs: settings.idempotencyLeaseMs };
}

/** Accounts, ledger, idempotency and the payment gateway (a singleton: its circuit breaker is shared). */
export function financialModule(settings: Settings, logger: Logger, metrics: Registry, gateway: IPaymentGateway = createPaymentGateway(settings, logger)): ContainerModule {
  const counters = movementCounters(metrics);
  return new ContainerModule((bind) => {
    bind(FINANCIAL_TYPES.FinancialSettings).toConstantValue(financialSettings(settings));
    bind(FINANCIAL_TYPES.IPaymentGateway).toConstantValue(meteredPaymentGateway(gateway, metrics));
    bind(FINANCIAL_TYPES.IAccountRepository).to(KnexAccountRepository).inSingletonScope();
    bind(FINANCIAL_TYPES.ILedgerRepository).to(KnexLedgerRepository).inSingletonScope();
    bind(FINANCIAL_TYPES.IHoldRepository).to(KnexHoldRepository).inSingletonScope();
    bind(FINANCIAL_TYPES.IIdempotencyStore).to(KnexIdempotencyStore).inSingletonScope();
    bind(LedgerPoster).toSelf().inSingletonScope();
    bind(GatewayDebit).toSelf().inSingletonScope();
    bind(HoldBook).toSelf().inSingletonScope();
    bind(WithdrawalPayout).toSelf().inSingletonScope();
    bind(FINANCIAL_TYPES.IAccountService).to(AccountService).inSingletonScope();
    // Counted on activation: the wrapper is built inside the same resolution, so it shares the request's graph.
    bind<IMoneyMovementService>(FINANCIAL_TYPES.IMoneyMovementService)
      .to(MoneyMovementService)
      .inSingletonScope()
      .onActivation((context, service) => meteredMoneyMovements(service, counters, context.container.get<IAuditLog>(SHARED_TYPES.IAuditLog)));
    bind<IRefundService>(FINANCIAL_TYPES.IRefundService)
      .to(RefundService)
      .inSingletonScope()
      .onActivation((_context, service) => meteredRefunds(service, counters));
    bind(FINANCIAL_TYPES.IAccountSweepService).to(AccountSweepService).inSingletonScope();
    bind(FINANCIAL_TYPES.ILedgerService).to(LedgerService).inSingletonScope();
    bind(FINANCIAL_TYPES.IHoldService).to(HoldService).inSingletonScope();
    // They write through the transaction of the user change that publishes the event (the open one, see KnexDbContext).
    bind(USER_TYPES.IUserEventHandler).to(FreezeAccountsWhenUserDeactivated).inSingletonScope();
    bind(USER_TYPES.IUserEventHandler).to(UnfreezeAccountsWhenUserActivated).inSingletonScope();
  });
}
