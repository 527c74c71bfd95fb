import type { Task } from "@tps/api/client";
import { prettyJson } from "@/lib/pretty-json";
import { prettyPayload } from "@/lib/pretty-payload";
import { CopyButton } from "../copy-button";

/**
 * What the task was given: for `sleep` its payload string, as it always was (JSON-looking payloads
 * indented); for other types its input as indented JSON.
 */
export function TaskInput({ task }: { task: Task }) {
  if (task.type !== "sleep") {
    const text = prettyJson(task.input);
    return (
      <>
        <div className="detail-label-row">
          <h3 className="detail-label">Input (JSON)</h3>
          <CopyButton text={text} what="input" testId="copy-input" />
        </div>
        <pre className="json-block" data-testid="detail-input">
          {text}
        </pre>
      </>
    );
  }
  const payload = prettyPayload(task.payload);
  return (
    <>
      <div className="detail-label-row">
        <h3 className="detail-label">
          Payload{payload.json && <span className="muted"> (JSON, formatted)</span>}
        </h3>
        {task.payload !== "" && <CopyButton text={payload.text} what="payload" testId="copy-payload" />}
      </div>
      <pre className="payload-block" data-testid="detail-payload" data-json={payload.json || undefined}>
        {task.payload === "" ? <span className="muted">(empty)</span> : payload.text}
      </pre>
    </>
  );
}

/** What the work returned, once the task is COMPLETED (null: it returned nothing). */
export function TaskOutput({ task }: { task: Task }) {
  if (task.status !== "COMPLETED") return null;
  const text = prettyJson(task.output);
  return (
    <>
      <div className="detail-label-row">
        <h3 className="detail-label">Output (JSON)</h3>
        {task.output !== null && <CopyButton text={text} what="output" testId="copy-output" />}
      </div>
      <pre className="json-block" data-testid="detail-output">
        {task.output === null ? <span className="muted">(none)</span> : text}
      </pre>
    </>
  );
}
