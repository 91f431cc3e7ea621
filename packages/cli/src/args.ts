import { InvalidArgumentError } from 'commander';

/** A commander argument parser for an integer in [min, max], with a message naming the flag. */
export const integer =
  (name: string, min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}, got "${value}".`);
    return n;
  };

/** A comma-separated list (`--fields id,name`), blanks dropped. */
export const list = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
