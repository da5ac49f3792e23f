/** Every kind of bad input the README's "Bad input" table names, built in a folder by the test that needs it. */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MB = 1024 * 1024;

/** What the run must do with a file: skip it with a reason containing `reason`, or read it (warning or not). */
export type Expected = { skipped: string } | { read: true; warning?: string };

const PNG_HEADER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

/** Bytes 1-255 from a fixed generator: binary without a single NUL. */
export function noisyBytes(length: number): Buffer {
  const out = Buffer.alloc(length);
  let state = 12345;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = 1 + ((state >>> 16) % 255);
  }
  return out;
}

function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (endian === 'be') le.swap16();
  return Buffer.concat([Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), le]);
}

const PROSE = 'The harbour board voted on Tuesday to lengthen the ferry pier by forty metres before the winter storms.';

/** Writes the bad inputs into `dir` and returns what each must get, by document id. */
export function writeBadInputs(dir: string, options: { unreadable: boolean }): Map<string, Expected> {
  const expected = new Map<string, Expected>();
  const put = (name: string, content: string | Buffer, outcome: Expected): void => {
    writeFileSync(join(dir, name), content);
    expected.set(name, outcome);
  };
  put('empty.txt', '', { skipped: 'empty file' });
  put('whitespace.txt', '  \n\t\r\n   \n', { skipped: 'empty file' });
  put('nul-bytes.txt', Buffer.from('half a story\0\0\0binary tail'), { skipped: 'binary file (NUL bytes)' });
  put('image-renamed.txt', Buffer.concat([PNG_HEADER, noisyBytes(2000)]), { skipped: 'binary file (NUL bytes)' });
  put('noise.txt', noisyBytes(4000), { skipped: 'binary file (control characters)' });
  put('latin1.txt', Buffer.from(`Caf\xe9 owners in the old town expect a cr\xe8me br\xfbl\xe9e festival next spring.\n`, 'latin1'), {
    read: true,
    warning: 'not valid UTF-8; read as Windows-1252',
  });
  put('utf8-bom.txt', `\uFEFF${PROSE}\n`, { read: true });
  put('utf16le-bom.txt', utf16(`Barge traffic on the river doubled after the new lock opened in May.\n`, 'le'), { read: true });
  put('utf16be-bom.txt', utf16(`The orchard cooperative sold its apple harvest to three cider makers.\n`, 'be'), { read: true });
  put('windows-crlf.txt', 'Night trains return\r\nThe rail operator will run sleeper trains to the coast again from June.\r\n', {
    read: true,
  });
  put('one-long-line.txt', `${'The tram line extension reached the northern suburbs. '.repeat(3800)}`, { read: true });
  put('huge.txt', Buffer.alloc(50 * MB, 'wind turbines and tidal power. '), { skipped: 'file too large (50 MB' });
  put('broken.jsonl', '{"id":"jsonl-ok","text":"The library reopened after a year of repairs to its flooded basement."}\n{"id": broken\n', {
    read: true,
  });
  expected.set('broken.jsonl:2', { skipped: 'invalid JSON' });
  mkdirSync(join(dir, 'loop'));
  symlinkSync('..', join(dir, 'loop', 'back-up'));
  expected.set('loop/back-up', { skipped: 'symbolic link loop' });
  symlinkSync('self-link.txt', join(dir, 'self-link.txt'));
  expected.set('self-link.txt', { skipped: 'symbolic link loop' });
  symlinkSync('gone.txt', join(dir, 'dangling.txt'));
  expected.set('dangling.txt', { skipped: 'no such file or directory' });
  writeFileSync(join(dir, 'photo.jpg'), PNG_HEADER); // not a supported extension: not an input at all
  if (options.unreadable) {
    put('no-permission.txt', PROSE, { skipped: 'permission denied' });
    chmodSync(join(dir, 'no-permission.txt'), 0o000);
  }
  return expected;
}
