// Usernames as people type and compare them: case does not matter, and a list may be written
// "@alice, bob carol".

/** True when `a` and `b` name the same user (usernames are case-insensitive). */
export const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The usernames in `value`, split on commas, semicolons and spaces, without a leading `@`. */
export function parseNames(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((s) => s.replace(/^@/, '').trim())
    .filter(Boolean);
}
