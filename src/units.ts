/** A duration for people: `12.3 s`. A leaf like paths.ts, so every layer may print one. */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
