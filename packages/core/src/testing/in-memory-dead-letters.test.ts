import { beforeAll } from "vitest";
import { type DeadLetterHarness, describeDeadLetterContract } from "./contract/dead-letter-contract";
import { InMemoryDeadLetterQueue } from "./in-memory-dead-letters";

let harness: DeadLetterHarness;

beforeAll(() => {
  let queue = new InMemoryDeadLetterQueue();
  harness = {
    get queue() {
      return queue;
    },
    async kill(body, messageId) {
      queue.add(body, { messageId });
    },
    async takeRedriven() {
      return queue.redriven.splice(0);
    },
    async reset() {
      queue = new InMemoryDeadLetterQueue();
    },
  };
});

describeDeadLetterContract("in-memory fake", () => harness);
