/**
 * Text a person typed, placed inside a message we send (an SMS): on the line it
 * belongs to, never a line of its own. The schemas already refuse line breaks in
 * single-line fields; free text (a staff message) may hold them, so every
 * embedded text goes through this.
 */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** `text` on one line, at most `max` characters (an ellipsis when cut). */
export function inlineQuote(text: string, max: number): string {
  const line = oneLine(text);
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
