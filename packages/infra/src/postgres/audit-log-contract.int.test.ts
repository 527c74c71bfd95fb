import { describeAuditLogContract } from "@tps/core/testing";
import { usePostgresAdapter } from "../testing/suite-hooks";
import { createAuditLog } from "./audit-log";

describeAuditLogContract("PostgreSQL", usePostgresAdapter(createAuditLog));
