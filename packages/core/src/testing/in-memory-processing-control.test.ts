import { describeProcessingControlContract } from "./contract";
import { InMemoryProcessingControl } from "./in-memory-processing-control";

const control = new InMemoryProcessingControl();
describeProcessingControlContract("in-memory fake", () => control);
