/**
 * What the client needs of an EventSource class. Browsers' global and the `eventsource` npm package
 * (v3/v4) both fit; Node 20 has no global one.
 */
export interface EventSourceConstructor {
  new (
    url: string,
    init?: EventSourceInitLike,
  ): {
    readonly CLOSED: number;
    readonly CONNECTING: number;
    readonly OPEN: number;
    readonly readyState: number;
    addEventListener(type: string, listener: (event: never) => void): void;
    removeEventListener(type: string, listener: (event: never) => void): void;
    close(): void;
  };
}

/** `withCredentials` for browsers; `fetch` for the `eventsource` package, used to send headers. */
export interface EventSourceInitLike {
  withCredentials?: boolean;
  fetch?: (
    url: string | URL,
    init: { headers?: Record<string, string> } & Record<string, unknown>,
  ) => Promise<unknown>;
}

/**
 * Resolves the EventSource class when the first subscription starts: the one given, else a global
 * one, else the optional `eventsource` package. tRPC awaits `load()` (through its
 * `eventSourceOptions` callback) right before it constructs the EventSource, so the class handed
 * to it can forward to the loaded one.
 */
export function deferredEventSource(given?: EventSourceConstructor) {
  let loaded = given ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
  const load = async (): Promise<EventSourceConstructor> => {
    if (loaded) return loaded;
    try {
      const mod = (await import("eventsource")) as { EventSource: EventSourceConstructor };
      loaded = mod.EventSource;
      return loaded;
    } catch (error) {
      throw new Error(
        "subscriptions need an EventSource: install the `eventsource` package or pass `EventSource` to createTasksClient",
        { cause: error },
      );
    }
  };
  function EventSourceProxy(url: string, init?: EventSourceInitLike) {
    if (!loaded) throw new Error("EventSource used before it was loaded");
    return new loaded(url, init);
  }
  return { load, EventSource: EventSourceProxy as unknown as EventSourceConstructor };
}
