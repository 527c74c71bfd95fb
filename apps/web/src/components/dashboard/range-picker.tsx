"use client";

import { ACTIVITY_RANGE_KEYS, ACTIVITY_RANGES, type ActivityRange } from "@tps/api/client";

interface Props {
  value: ActivityRange;
  onChange: (range: ActivityRange) => void;
}

/** The window of the throughput chart and the rates: 15 min, 1 h, 24 h or 7 d. */
export function RangePicker({ value, onChange }: Props) {
  return (
    <fieldset className="range-picker" data-testid="range-picker">
      <legend className="visually-hidden">Throughput range</legend>
      {ACTIVITY_RANGE_KEYS.map((range) => (
        <button
          key={range}
          type="button"
          className="button-small"
          aria-pressed={range === value}
          data-testid={`range-${range}`}
          onClick={() => onChange(range)}
        >
          {ACTIVITY_RANGES[range].label}
        </button>
      ))}
    </fieldset>
  );
}
