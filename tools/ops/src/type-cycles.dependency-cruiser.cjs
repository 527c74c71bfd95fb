/**
 * The cycle check again, with type-only imports counted (tools/ops/src/type-cycles.test.ts). The
 * project's rules (.dependency-cruiser.cjs) leave type-only imports out: they vanish from the built
 * code, and the client's reachability rules must not follow its type imports of the router. A cycle
 * through types still ties modules together, so this pass counts them and checks cycles alone.
 */
const base = require("../../../.dependency-cruiser.cjs");

const noCircular = base.forbidden.find((rule) => rule.name === "no-circular");

module.exports = {
  forbidden: [{ ...noCircular, name: "no-type-only-cycles" }],
  options: { ...base.options, tsPreCompilationDeps: true },
};
