/**
 * A streamed response (the change feed's server-sent events) that ends when its caller's right to
 * it ends: every `everyMs` it asks `allowed()`, and closes the stream on the first no. A revoked
 * key, a disabled user or a signed-out session so stop receiving within one interval (plus the key
 * cache), instead of for as long as the page stays open.
 */
export function revocableStream(
  response: Response,
  allowed: () => Promise<boolean>,
  everyMs: number,
): Response {
  if (!response.body) return response;
  const reader = response.body.getReader();
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const stop = () => {
    closed = true;
    clearInterval(timer);
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setInterval(() => {
        void allowed().then((yes) => {
          if (yes || closed) return;
          stop();
          controller.close();
          reader.cancel().catch(() => {});
        });
      }, everyMs);
      timer.unref?.();
    },
    async pull(controller) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (closed) return;
      if (done) {
        stop();
        controller.close();
      } else controller.enqueue(value);
    },
    cancel(reason) {
      stop();
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
