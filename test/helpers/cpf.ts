/** Valid CPFs for tests: each call returns a new one (random base digits plus check digits). */
let counter = 0;

function checkDigit(digits: number[]): number {
  const sum = digits.reduce((acc, d, i) => acc + d * (digits.length + 1 - i), 0);
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

export function aCpf(): string {
  counter++;
  const base = String((Date.now() * 7 + counter * 7919 + Math.floor(Math.random() * 1e6)) % 1e9).padStart(9, '0').split('').map(Number);
  if (base.every((d) => d === base[0])) base[0] = (base[0] + 1) % 10;
  const d1 = checkDigit(base);
  const d2 = checkDigit([...base, d1]);
  return [...base, d1, d2].join('');
}
