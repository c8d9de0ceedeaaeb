export const FINANCIAL_TYPES = {
  IAccountRepository: Symbol.for('IAccountRepository'),
  ILedgerRepository: Symbol.for('ILedgerRepository'),
  IHoldRepository: Symbol.for('IHoldRepository'),
  IPaymentGateway: Symbol.for('IPaymentGateway'),
  IIdempotencyStore: Symbol.for('IIdempotencyStore'),
  IAccountService: Symbol.for('IAccountService'),
  IMoneyMovementService: Symbol.for('IMoneyMovementService'),
  IRefundService: Symbol.for('IRefundService'),
  IAccountSweepService: Symbol.for('IAccountSweepService'),
  ILedgerService: Symbol.for('ILedgerService'),
  IHoldService: Symbol.for('IHoldService'),
  FinancialSettings: Symbol.for('FinancialSettings'),
} as const;
