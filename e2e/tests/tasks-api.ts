import { createTasksClient, type TaskStatus, type TasksClient } from "@tps/client";

/** The API through the published typed client, for arranging state faster than through the UI. */
export class TasksApi {
  readonly client: TasksClient;

  constructor(baseURL: string, apiKey: string) {
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

  /** Creates a user (admin only) and returns its id. */
  async createUser(email: string, password: string, role: "viewer" | "operator" | "admin"): Promise<string> {
    return (await this.client.users.create.mutate({ email, password, role })).id;
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
