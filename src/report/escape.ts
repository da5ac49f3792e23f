/**
 * Text for people (the table, stderr messages) may come from file names and article content: a control
 * character in it would reach the terminal and could move the cursor, clear the screen or set the window
 * title (ESC ] 0 ; … BEL). Every C0/C1 control character, DEL and the Unicode line/paragraph separators are
 * shown escaped instead, as `\x1b`, `\n` or `\u2028`; a backslash is left as it is.
 */
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// C0 controls, DEL, C1 controls, the bidi overrides/isolates and line/paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function escapeControl(text: string): string {
  return text.replace(CONTROL, escapeOne);
}
