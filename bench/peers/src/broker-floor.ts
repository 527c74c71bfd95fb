import { randomUUID } from "node:crypto";
import amqp from "amqplib";
import { commandCpuMs } from "../../scale/proc-cpu";
import { uniqueName } from "./peer-run";
import { median, range } from "./stats";

/** One pass of messages through the broker alone: wall time, and the broker's CPU if it runs here. */
export interface BrokerRun {
  seconds: number;
  /** CPU of this machine's RabbitMQ (beam.smp) per message, in µs; null when it runs elsewhere. */
  brokerCpuUsPerMessage: number | null;
}

/** CPU so far of this machine's RabbitMQ node (beam.smp), in ms; null when it runs elsewhere. */
const brokerCpuMs = () => commandCpuMs("beam.smp");

const ACK_EVERY = 200; // the consumer settles and acks batches of up to BATCH_SIZE (200)

/**
 * `count` task-sized messages through a quorum queue the way this project moves them, and nothing
 * else: persistent, mandatory, confirmed publishes, consumed with a prefetch of 10,000 and acked
 * 200 at a time with `multiple`. No database, no work. What one message per task costs on this
 * broker, next to the peers' whole pipelines.
 */
export async function runBrokerFloor(rabbitmqUrl: string, count: number): Promise<BrokerRun> {
  const queue = uniqueName("broker_floor");
  const connection = await amqp.connect(rabbitmqUrl, { timeout: 5_000 });
  try {
    const publisher = await connection.createConfirmChannel();
    await publisher.assertQueue(queue, {
      durable: true,
      arguments: { "x-queue-type": "quorum", "x-delivery-limit": 5 },
    });
    const consumer = await connection.createChannel();
    await consumer.prefetch(10_000);
    let received = 0;
    let allAcked!: () => void;
    const done = new Promise<void>((resolve) => {
      allAcked = resolve;
    });
    await consumer.consume(queue, (message) => {
      if (!message) return;
      received++;
      if (received % ACK_EVERY === 0 || received === count) consumer.ack(message, true);
      if (received === count) allAcked();
    });

    const cpuBefore = brokerCpuMs();
    const t0 = performance.now();
    const confirms: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      confirms.push(
        new Promise<void>((resolve, reject) => {
          publisher.sendToQueue(
            queue,
            Buffer.from(JSON.stringify({ task_id: i + 1 })),
            { persistent: true, contentType: "application/json", mandatory: true, messageId: randomUUID() },
            (err) => (err ? reject(err) : resolve()),
          );
        }),
      );
    }
    await Promise.all(confirms);
    await done;
    const seconds = (performance.now() - t0) / 1000;
    // The last acks are processed after they were sent: give the broker a moment before reading its CPU.
    await new Promise((r) => setTimeout(r, 300));
    const cpuAfter = brokerCpuMs();
    await publisher.deleteQueue(queue);
    return {
      seconds,
      brokerCpuUsPerMessage:
        cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / count,
    };
  } finally {
    await connection.close().catch(() => {});
  }
}

export function formatBrokerFloor(count: number, runs: BrokerRun[], bullmqMedianSeconds: number): string {
  const times = runs.map((r) => r.seconds);
  const { min, max } = range(times);
  const cpu = runs.map((r) => r.brokerCpuUsPerMessage).filter((c): c is number => c !== null);
  const lines = [
    `\n## RabbitMQ alone — ${count.toLocaleString("en")} messages, one per task, as this project sends and acks them (no database, no work)`,
    `median ${median(times).toFixed(2)} s (${min.toFixed(2)}–${max.toFixed(2)})` +
      (cpu.length ? `, broker CPU ${median(cpu).toFixed(0)} µs per message` : "") +
      (Number.isFinite(bullmqMedianSeconds)
        ? `; BullMQ's whole no-op pipeline: ${bullmqMedianSeconds.toFixed(2)} s`
        : ""),
  ];
  return lines.join("\n");
}
