import { createHash } from 'node:crypto';

/**
 * The key of a quiz item within a course: items are generated per quiz, so the same item is known by its prompt
 * (lower-cased, spaces collapsed), hashed to 16 hex digits.
 *
 * @example
 * itemKeyOf('What is  Extinction?') === itemKeyOf('what is extinction?'); // true
 */
export function itemKeyOf(prompt: string): string {
  return createHash('sha256').update(prompt.toLowerCase().replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 16);
}
