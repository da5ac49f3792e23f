import type { ClusterResult } from '../types.js';

export interface ReportOptions {
  /** Colour escape codes allowed (decided once by the CLI). */
  color: boolean;
  /** Terminal width in columns, for the table. */
  width: number;
}

export type Reporter = (result: ClusterResult, options: ReportOptions) => string;
