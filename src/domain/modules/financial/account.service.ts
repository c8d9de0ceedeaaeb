import type { Principal } from '../auth/principal';
import type { Page, PageQuery } from '../../shared/pagination';
import type { Account } from './account.entity';
import type { AccountCursor } from './account.repository';
import type { RequestRecord } from './idempotency.port';
import type { StatementLine } from './statement-line';

export interface OpenAccountInput {
  currency: string;
  /** Whose account; a customer may only name themselves (or leave it out). */
  ownerCpf?: string;
}

export interface ListAccountsInput extends PageQuery<AccountCursor> {
  ownerCpf?: string;
}

/** Every method takes the caller: a customer reaches only their own accounts (others answer 404). */
export interface IAccountService {
  open(actor: Principal, input: OpenAccountInput, record?: RequestRecord<Account>): Promise<Account>;
  get(actor: Principal, accountId: string): Promise<Account>;
  list(actor: Principal, input: ListAccountsInput): Promise<Page<Account, AccountCursor>>;
  close(actor: Principal, accountId: string, record?: RequestRecord<Account>): Promise<Account>;
  statement(actor: Principal, accountId: string, query: PageQuery<string>): Promise<Page<StatementLine, string>>;
}
