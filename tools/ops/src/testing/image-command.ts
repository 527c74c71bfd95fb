import { expect } from "vitest";

/**
 * Expects `command` to be `node [--flags…] <script>` with the script under one of `inImage` (the
 * paths the Dockerfile's runtime stage copies), so the container can start from the one app image.
 * `what` names the service or object in the failure message.
 */
export function expectNodeScriptInImage(
  command: readonly string[],
  inImage: readonly string[],
  what: string,
) {
  const [bin, ...args] = command;
  const script = args.at(-1);
  expect(args.slice(0, -1).every((flag) => flag.startsWith("--"))).toBe(true);
  expect(bin).toBe("node");
  expect(
    inImage.some((dir) => script?.startsWith(`${dir}/`)),
    `${what}: ${script} is not under a path the runtime stage copies (${inImage.join(", ")})`,
  ).toBe(true);
}
