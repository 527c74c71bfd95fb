// Never run: `tsc` checks this file with the rest. Each `@ts-expect-error` line is a call that must
// NOT compile; if one compiled, tsc would fail with "Unused '@ts-expect-error' directive".
// tools/ops/src/worker-example.int.test.ts also removes the directives and checks that tsc then
// reports exactly these lines.
import type { TasksClient } from "@tps/client";
import type { fileHash, httpCheck } from "./tasks.js";

export async function wrongCalls(tps: TasksClient): Promise<void> {
  // @ts-expect-error a wrong input type: `url` is a string
  await tps.trigger<typeof httpCheck>("http.check", { url: 42 });
  // @ts-expect-error an algorithm the definition does not allow
  await tps.triggerAndWait<typeof fileHash>("file.hash", { path: "/etc/hosts", algorithm: "md5" });
  // @ts-expect-error the name must be the definition's
  await tps.trigger<typeof fileHash>("file.sha", { path: "/etc/hosts" });
  const done = await tps.triggerAndWait<typeof fileHash>("file.hash", { path: "/etc/hosts" });
  // @ts-expect-error output is null unless the task COMPLETED: narrow `status` or use outputOf
  console.log(done.output.digest);
}
