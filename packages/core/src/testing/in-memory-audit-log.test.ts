import { describeAuditLogContract } from "./contract/audit-log-contract";
import { MemoryAuditLog } from "./fakes";

const audit = new MemoryAuditLog();
describeAuditLogContract("in-memory fake", () => audit);
