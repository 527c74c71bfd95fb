/** One message from the broker, reduced to what the worker decides about it. */
export interface Delivery {
  /** The task id, or null when the message is malformed. */
  taskId: number | null;
  /** The broker delivered this message before (a requeue, or a consumer that died holding it). */
  redelivered: boolean;
  ack(): void;
  /** Back to the queue (shutdown, or the database is down). */
  requeue(): void;
  /** To the dead-letter queue (malformed, unknown task). */
  deadLetter(): void;
}
