import type { ClusterResult } from '../types.js';

interface ReportOptions {
  /** Colour escape codes allowed (decided once by the CLI). */
  color: boolean;
  /** Width of the table in terminal columns; absent: unlimited (nothing is shortened). */
  width?: number;
}

export type Reporter = (result: ClusterResult, options: ReportOptions) => string;
