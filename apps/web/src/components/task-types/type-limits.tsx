import type { TaskTypeInfo } from "@tps/core";
import Link from "next/link";
import { describeConcurrency, describeRate } from "@/lib/describe-limits";

type Limited = Pick<TaskTypeInfo, "type" | "limits" | "waiting">;

/** How many of the type's tasks a limit holds back, linked to its pending tasks when any. */
function Waiting({ info, count, limit }: { info: Limited; count: number; limit: "concurrency" | "rate" }) {
  const testId = `type-waiting-${limit}-${info.type}`;
  if (count === 0) {
    return (
      <span className="muted" data-testid={testId}>
        none waiting
      </span>
    );
  }
  return (
    <Link
      href={`/tasks?type=${encodeURIComponent(info.type)}&status=PENDING`}
      prefetch={false}
      className="limit-waiting"
      data-testid={testId}
    >
      {count.toLocaleString("en")} waiting
    </Link>
  );
}

/**
 * The type's concurrency and rate limits (declared on its defineTask, enforced across all workers)
 * and how many of its tasks wait on each; "none" for a type without limits.
 */
export function TypeLimits({ info }: { info: Limited }) {
  const concurrency = describeConcurrency(info.limits);
  const rate = describeRate(info.limits);
  return (
    <td className="limits" data-testid={`type-limits-${info.type}`}>
      {!concurrency && !rate && <span className="muted">none</span>}
      {concurrency && (
        <div>
          <span className="limit-name">Concurrency</span> {concurrency} ·{" "}
          <Waiting info={info} count={info.waiting?.concurrency ?? 0} limit="concurrency" />
        </div>
      )}
      {rate && (
        <div>
          <span className="limit-name">Rate</span> {rate} ·{" "}
          <Waiting info={info} count={info.waiting?.rate ?? 0} limit="rate" />
        </div>
      )}
    </td>
  );
}
