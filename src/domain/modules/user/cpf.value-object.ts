import { InvalidCpfError } from './user.errors';

const DIGITS_ONLY = /^\d{11}$/;
const FORMATTED = /^\d{3}\.\d{3}\.\d{3}-\d{2}$/;

/** Brazilian taxpayer id: 11 digits, the last two being mod-11 check digits. */
export class Cpf {
  private constructor(readonly value: string) {}

  /** Accepts `52998224725` or `529.982.247-25`; anything else throws InvalidCpfError. */
  static parse(input: string): Cpf {
    if (!DIGITS_ONLY.test(input) && !FORMATTED.test(input)) throw new InvalidCpfError();
    const digits = input.replace(/\D/g, '');
    if (/^(\d)\1{10}$/.test(digits)) throw new InvalidCpfError();
    if (checkDigit(digits, 9) !== Number(digits[9]) || checkDigit(digits, 10) !== Number(digits[10])) {
      throw new InvalidCpfError();
    }
    return new Cpf(digits);
  }

  static isValid(input: string): boolean {
    try {
      Cpf.parse(input);
      return true;
    } catch {
      return false;
    }
  }

  formatted(): string {
    const v = this.value;
    return `${v.slice(0, 3)}.${v.slice(3, 6)}.${v.slice(6, 9)}-${v.slice(9)}`;
  }

  /** The form allowed in logs: only the last three digits remain (`***.***.*47-25`). */
  masked(): string {
    return `***.***.*${this.value.slice(7, 9)}-${this.value.slice(9)}`;
  }

  equals(other: Cpf): boolean {
    return other.value === this.value;
  }
}

/** Check digit over the first `length` digits, weights counting down from length + 1. */
function checkDigit(digits: string, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += Number(digits[i]) * (length + 1 - i);
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}
