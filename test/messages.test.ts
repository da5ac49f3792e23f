import { describe, expect, it } from 'vitest';
import { createMessages } from '../src/cli/messages.js';

function collect(quiet = false): { lines: string[]; messages: ReturnType<typeof createMessages> } {
  const lines: string[] = [];
  return { lines, messages: createMessages({ write: (text) => lines.push(text.trimEnd()), quiet }) };
}

describe('createMessages', () => {
  it('folds a problem repeated with other numbers or other quoted names after five lines', () => {
    const { lines, messages } = collect();
    const ids = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'];
    ids.forEach((id, k) =>
      messages.skipped(`news.jsonl:${k + 10}`, `duplicate id "${id}", first read from news.jsonl:${k + 1}; the first one was kept`),
    );
    messages.flush();
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('cluster: … and 2 more like it: duplicate id "alpha", first read from news.jsonl:1; the first one was kept');
  });

  it('keeps different problems apart', () => {
    const { lines, messages } = collect();
    for (let k = 0; k < 6; k++) messages.skipped(`a.jsonl:${k}`, 'empty text field "text"');
    messages.skipped('b.jsonl:1', 'empty id field "id"');
    messages.flush();
    expect(lines.filter((line) => line.includes('empty id field'))).toEqual(['cluster: b.jsonl:1: empty id field "id" (skipped)']);
    expect(lines.at(-1)).toBe('cluster: … and 1 more like it: empty text field "text"');
  });

  it('escapes control characters, and shows errors but not notes under --quiet', () => {
    const { lines, messages } = collect(true);
    messages.note('hidden');
    messages.error('bad\u001b[31m name');
    expect(lines).toEqual(['cluster: bad\\x1b[31m name']);
  });
});
