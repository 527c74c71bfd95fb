import type { TaskTypeInfo } from "@tps/core";
import Link from "next/link";
import { formatDuration } from "@/lib/format-duration";
import { waitsForWorker } from "@/lib/waits-for-worker";
import { Time } from "../time";
import { SchemaDetails } from "./schema-details";
import { TypeCounts } from "./type-counts";
import { TypeLimits } from "./type-limits";

/** Columns of a type's first row; its schemas take a second row across all of them. */
export const TYPE_COLUMNS = [
  "Type",
  "Workers online",
  "PENDING",
  "PROCESSING",
  "COMPLETED",
  "CANCELED",
  "FAILED",
  "p50",
  "p95",
  "Max attempts",
  "Timeout",
  "Limits",
  "Registered",
];

/** One task type: who serves it, its tasks per status, how long they run, its policy, limits and schemas. */
export function TaskTypeRow({ info, now }: { info: TaskTypeInfo; now: number }) {
  const unserved = waitsForWorker(info);
  return (
    <tbody data-testid={`type-row-${info.type}`} className={unserved ? "unserved" : undefined}>
      <tr>
        <th scope="row" className="type-name">
          <Link href={`/tasks?type=${encodeURIComponent(info.type)}`} prefetch={false}>
            {info.type}
          </Link>
        </th>
        <td className="num" data-testid={`type-workers-${info.type}`}>
          {info.workersOnline === 0 ? (
            <span className={unserved ? "no-workers" : "muted"}>0</span>
          ) : (
            info.workersOnline.toLocaleString("en")
          )}
        </td>
        <TypeCounts info={info} />
        <td className="num" data-testid={`type-p50-${info.type}`}>
          {formatDuration(info.durationP50Ms)}
        </td>
        <td className="num" data-testid={`type-p95-${info.type}`}>
          {formatDuration(info.durationP95Ms)}
        </td>
        <td className="num">{info.maxAttempts}</td>
        <td className="num">{info.timeoutMs === null ? "none" : formatDuration(info.timeoutMs)}</td>
        <TypeLimits info={info} />
        <td className="registered">
          <Time value={info.registeredAt} now={now} />
          {info.registeredBy && <span className="registered-by mono">by {info.registeredBy}</span>}
        </td>
      </tr>
      <tr className="schemas-row">
        <td colSpan={TYPE_COLUMNS.length}>
          <div className="schemas">
            <SchemaDetails
              label={`Input schema of ${info.type}`}
              schema={info.inputSchema}
              testId={`type-input-schema-${info.type}`}
            />
            <SchemaDetails
              label={`Output schema of ${info.type}`}
              schema={info.outputSchema}
              testId={`type-output-schema-${info.type}`}
            />
          </div>
        </td>
      </tr>
    </tbody>
  );
}
