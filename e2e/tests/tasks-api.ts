import type { APIRequestContext } from "@playwright/test";

type Status = "PENDING" | "PROCESSING" | "COMPLETED" | "CANCELED" | "FAILED";
interface TaskRow {
  id: number;
  payload: string;
  status: Status;
}

/** The console's tRPC API over plain HTTP, for arranging state faster than through the UI. */
export class TasksApi {
  constructor(private readonly request: APIRequestContext) {}

  private async call<T>(path: string, input: unknown, method: "GET" | "POST" = "POST"): Promise<T> {
    const url = `/api/trpc/${path}`;
    const response =
      method === "POST"
        ? await this.request.post(url, { data: input })
        : await this.request.get(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`);
    const body = await response.json();
    if (!response.ok()) throw new Error(`${path} failed: ${response.status()} ${JSON.stringify(body)}`);
    return body.result.data as T;
  }

  async create(payloads: string[]): Promise<number[]> {
    const { items } = await this.call<{ items: TaskRow[] }>("tasks.createMany", { payloads });
    return items.map((t) => t.id);
  }

  cancel(id: number): Promise<TaskRow> {
    return this.call("tasks.cancel", { id });
  }

  get(id: number): Promise<TaskRow> {
    return this.call("tasks.get", { id }, "GET");
  }

  /** Creates a user (admin only) and returns its id. */
  async createUser(email: string, password: string, role: "viewer" | "operator" | "admin"): Promise<string> {
    return (await this.call<{ id: string }>("users.create", { email, password, role })).id;
  }

  stats(search: string): Promise<Record<Status, number>> {
    return this.call("tasks.stats", { filter: { search } }, "GET");
  }

  /** Cancels every pending or running task (between tests: nothing keeps working in the background). */
  async cancelEverything(): Promise<void> {
    for (let call = 0; call < 20; call++) {
      const { remaining } = await this.call<{ remaining: number }>("tasks.cancelMatching", {
        filter: {},
        chunk: 5000,
        expectedCount: 2_147_483_647, // whatever matches: this is the cleanup, not a confirmed action
      });
      if (remaining === 0) return;
    }
    throw new Error("tasks kept appearing while cancelling everything");
  }
}
