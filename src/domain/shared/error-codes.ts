import type { DomainError } from './domain-error';
import type * as SharedErrors from './domain-error';

/**
 * The codes of the concrete DomainError classes among a module's exports (`typeof import * as X`).
 * Each module derives its code union from its classes, so a new error class joins the union by
 * itself, and the module's problem table, which must have a row for every member, stops compiling
 * until the row is written. Abstract classes (no `new`) are left out: their `code` is only `string`.
 */
export type ErrorCodesOf<Exports> = {
  [Name in keyof Exports]: Exports[Name] extends new (...args: never[]) => infer Instance
    ? Instance extends DomainError
      ? Instance['code']
      : never
    : never;
}[keyof Exports];

/** The codes of the errors every module shares (validation, concurrency). */
export type SharedErrorCode = ErrorCodesOf<typeof SharedErrors>;
