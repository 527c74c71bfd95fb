import { createTasksClient, type TaskStatus, type TasksClient } from "@tps/client";
import { admin } from "./auth-state";

/** The API through the published typed client, for arranging state faster than through the UI. */
export class TasksApi {
  readonly client: TasksClient;

  constructor(
    private readonly baseURL: string,
    apiKey: string,
  ) {
    this.client = createTasksClient(`${baseURL}/api/trpc`, { apiKey });
  }

  async create(payloads: string[]): Promise<number[]> {
    const { items } = await this.client.tasks.createMany.mutate({ payloads });
    return items.map((t) => t.id);
  }

  cancel(id: number) {
    return this.client.tasks.cancel.mutate({ id });
  }

  get(id: number) {
    return this.client.tasks.get.query({ id });
  }

  retryNow(id: number) {
    return this.client.tasks.retryNow.mutate({ id });
  }

  events(id: number) {
    return this.client.tasks.events.query({ id });
  }

  /**
   * Creates a user and returns its id. Identity administration needs a signed-in admin (API keys
   * may not manage users or keys), so this signs in as the run's admin and calls with the cookie.
   */
  async createUser(email: string, password: string, role: "viewer" | "operator" | "admin"): Promise<string> {
    const cookie = await this.adminCookie();
    const response = await fetch(`${this.baseURL}/api/trpc/users.create`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.baseURL, cookie },
      body: JSON.stringify({ email, password, role }),
    });
    if (!response.ok) throw new Error(`users.create: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { result: { data: { id: string } } }).result.data.id;
  }

  private cookie: Promise<string> | undefined;
  private adminCookie(): Promise<string> {
    this.cookie ??= (async () => {
      const { email, password } = admin();
      const response = await fetch(`${this.baseURL}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: this.baseURL },
        body: JSON.stringify({ email, password }),
      });
      if (!response.ok) throw new Error(`admin sign-in: ${response.status} ${await response.text()}`);
      return response.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
    })();
    return this.cookie;
  }

  stats(search: string): Promise<Record<TaskStatus, number>> {
    return this.client.tasks.stats.query({ filter: { search } });
  }

  /** Cancels every pending or running task (between tests: nothing keeps working in the background). */
  async cancelEverything(): Promise<void> {
    for (let call = 0; call < 20; call++) {
      const { remaining } = await this.client.tasks.cancelMatching.mutate({
        filter: {},
        chunk: 5000,
        expectedCount: 2_147_483_647, // whatever matches: this is the cleanup, not a confirmed action
      });
      if (remaining === 0) return;
    }
    throw new Error("tasks kept appearing while cancelling everything");
  }
}
