/** One timed run of a workload: first create → all completed, and the worker's peak memory. */
export interface PeerRun {
  seconds: number;
  peakRssBytes: number;
}

export interface Workload {
  key: "noop" | "work";
  title: string;
  tasks: number;
  workMs: number;
}

/** Unique names per run, so a run never sees another run's (or another engineer's) jobs. */
export const uniqueName = (prefix: string) =>
  `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
