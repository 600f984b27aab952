/**
 * Splits a command line the way a user expects from a shell, without running one: whitespace
 * separates arguments, and single or double quotes keep spaces inside one argument.
 */
export function splitCommand(input: string): { args: string[]; error: string | null } {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let quote: '"' | "'" | null = null;
  for (const ch of input) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inArg = true;
    } else if (/\s/.test(ch)) {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
    } else {
      current += ch;
      inArg = true;
    }
  }
  if (quote) return { args: [], error: `Close the ${quote === '"' ? 'double' : 'single'} quote.` };
  if (inArg) args.push(current);
  return { args, error: null };
}
