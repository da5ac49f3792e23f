import { describe, expect, it } from 'vitest';
import { terminalColumns } from '../src/cli/terminal-width.js';

describe('terminalColumns', () => {
  it('takes the size the terminal reports', () => {
    expect(terminalColumns(132, {})).toBe(132);
  });

  it('gives 80 to a terminal that reports no size, instead of a table cut to nothing', () => {
    expect(terminalColumns(0, {})).toBe(80);
    expect(terminalColumns(undefined, {})).toBe(80);
  });

  it('lets COLUMNS name the width, and ignores a COLUMNS that is not a positive whole number', () => {
    expect(terminalColumns(80, { COLUMNS: '200' })).toBe(200);
    expect(terminalColumns(0, { COLUMNS: '60' })).toBe(60);
    for (const bad of ['', '0', '-5', '12.5', 'wide', '1e3']) expect(terminalColumns(100, { COLUMNS: bad })).toBe(100);
  });
});
