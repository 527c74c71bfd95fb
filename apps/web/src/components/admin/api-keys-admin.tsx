"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import type { Role } from "@tps/api/client";
import { type FormEvent, useState } from "react";
import { formatWhen } from "@/lib/format-time";
import { useTRPC } from "@/trpc/react";
import { Field, InputField } from "../form-field";
import { MutationError } from "../query-state";
import { AdminPage, AdminTable, RoleSelect, useFormFields, useListChange } from "./admin-page";

/** Create API keys for services (the key is shown once), see when they were used, revoke them. */
export function ApiKeysAdmin() {
  return (
    <AdminPage title="API keys">
      <CreateKeyForm />
      <KeysTable />
    </AdminPage>
  );
}

function CreateKeyForm() {
  const trpc = useTRPC();
  const change = useListChange(trpc.apiKeys.list.queryKey());
  const { form, set, clear, bind } = useFormFields({
    name: "",
    role: "operator",
    expires: "",
    createsPerSecond: "",
  });
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (result, input) => {
        // The key itself is the message: it stays on screen until it is dismissed.
        setCreated({ name: input.name, key: result.key });
        clear();
        return change.succeeded();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const expiresAt = form.expires ? new Date(`${form.expires}T23:59:59`).toISOString() : undefined;
    // A service's own creates limit (over its role's default); its burst is 4 seconds' worth.
    const limits = form.createsPerSecond
      ? { creates: { perSecond: Number(form.createsPerSecond) } }
      : undefined;
    create.mutate({ name: form.name, role: form.role as Role, expiresAt, limits });
  };
  return (
    <form className="card" onSubmit={submit} data-testid="create-key-form">
      <h2>Create an API key</h2>
      <div className="admin-form">
        <InputField
          id="key-name"
          label="Name (which service uses it)"
          required
          maxLength={32}
          {...bind("name")}
        />
        <Field id="key-role" label="Role">
          <RoleSelect id="key-role" value={form.role} onChange={(role) => set({ role })} />
        </Field>
        <InputField id="key-expires" label="Expires (optional)" type="date" {...bind("expires")} />
        <InputField
          id="key-creates"
          label="Creates per second (optional)"
          type="number"
          min={1}
          max={100000}
          step={1}
          placeholder="role default"
          {...bind("createsPerSecond")}
        />
        <button type="submit" disabled={create.isPending}>
          Create key
        </button>
      </div>
      <MutationError mutation={create} />
      {created && (
        <div className="new-key" role="status">
          <strong>Key for {created.name}: copy it now, it is not shown again.</strong>
          <code data-testid="new-api-key">{created.key}</code>
          <button type="button" className="button-secondary" onClick={() => setCreated(null)}>
            I have saved it
          </button>
        </div>
      )}
    </form>
  );
}

const KEY_COLUMNS = [
  "Name",
  "Role",
  "Starts with",
  "Created",
  "Last used",
  "Expires",
  "Creates limit",
  "Status",
];

function KeysTable() {
  const trpc = useTRPC();
  const change = useListChange(trpc.apiKeys.list.queryKey());
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: () => change.succeeded("Key revoked"),
      onError: change.failed,
    }),
  );
  return (
    <AdminTable list={keys} columns={KEY_COLUMNS} testId="keys-table">
      {(keys.data ?? []).map((key) => (
        <tr key={key.id} data-testid={`key-${key.name}`}>
          <td>{key.name}</td>
          <td>{key.role}</td>
          <td>
            <code>{key.start ? `${key.start}…` : "—"}</code>
          </td>
          <td>{formatWhen(key.createdAt)}</td>
          <td>{formatWhen(key.lastUsedAt)}</td>
          <td>{formatWhen(key.expiresAt)}</td>
          <td>
            {key.limits?.creates ? `${key.limits.creates.perSecond.toLocaleString()}/s` : "role default"}
          </td>
          <td>{key.revoked ? "Revoked" : "Active"}</td>
          <td>
            {!key.revoked && (
              <button type="button" className="button-small" onClick={() => revoke.mutate({ id: key.id })}>
                Revoke
              </button>
            )}
          </td>
        </tr>
      ))}
    </AdminTable>
  );
}
