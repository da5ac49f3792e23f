import type { Reporter } from './types.js';

/** The whole result, versioned; see README "JSON output". */
export const renderJson: Reporter = (result) => `${JSON.stringify(result, null, 2)}\n`;
