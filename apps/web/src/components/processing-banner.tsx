"use client";

import "./processing-banner.css";
import { Time } from "./time";
import { useNow } from "./use-now";
import { useProcessing } from "./use-processing";

/** Under the header on every console page while processing is paused: who paused it, when and why. */
export function ProcessingBanner() {
  const { data } = useProcessing();
  const now = useNow(5_000);
  if (!data?.paused) return null;
  return (
    <div className="processing-banner" role="status" data-testid="processing-banner">
      <strong>Processing paused</strong>
      {data.by && <> by {data.by}</>}
      {data.at && (
        <>
          {" "}
          <Time value={data.at} now={now} />
        </>
      )}
      {data.reason && <span className="processing-reason">: {data.reason}</span>}
      <span className="muted"> — consumers finish running tasks but claim no new ones.</span>
    </div>
  );
}
