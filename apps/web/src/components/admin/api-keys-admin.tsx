"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@tps/api/client";
import { type FormEvent, useState } from "react";
import { describeApiError } from "@/lib/describe-api-error";
import { useTRPC } from "@/trpc/react";
import { useNotify } from "../notices";
import { MutationError } from "../query-state";
import { AdminPage, RoleSelect } from "./admin-page";

/** Create API keys for services (the key is shown once), see when they were used, revoke them. */
export function ApiKeysAdmin() {
  return (
    <AdminPage title="API keys">
      <CreateKeyForm />
      <KeysTable />
    </AdminPage>
  );
}

function useInvalidateKeys() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
}

function CreateKeyForm() {
  const trpc = useTRPC();
  const invalidate = useInvalidateKeys();
  const [form, setForm] = useState({ name: "", role: "operator" as Role, expires: "", createsPerSecond: "" });
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (result, input) => {
        setCreated({ name: input.name, key: result.key });
        setForm({ name: "", role: "operator", expires: "", createsPerSecond: "" });
        return invalidate();
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
    create.mutate({ name: form.name, role: form.role, expiresAt, limits });
  };
  return (
    <form className="card" onSubmit={submit} data-testid="create-key-form">
      <h2>Create an API key</h2>
      <div className="admin-form">
        <div className="field">
          <label htmlFor="key-name">Name (which service uses it)</label>
          <input
            id="key-name"
            required
            maxLength={32}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="key-role">Role</label>
          <RoleSelect
            id="key-role"
            value={form.role}
            onChange={(role) => setForm({ ...form, role: role as Role })}
          />
        </div>
        <div className="field">
          <label htmlFor="key-expires">Expires (optional)</label>
          <input
            id="key-expires"
            type="date"
            value={form.expires}
            onChange={(e) => setForm({ ...form, expires: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="key-creates">Creates per second (optional)</label>
          <input
            id="key-creates"
            type="number"
            min={1}
            max={100000}
            step={1}
            placeholder="role default"
            value={form.createsPerSecond}
            onChange={(e) => setForm({ ...form, createsPerSecond: e.target.value })}
          />
        </div>
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

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

function KeysTable() {
  const trpc = useTRPC();
  const notify = useNotify();
  const invalidate = useInvalidateKeys();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: () => {
        notify("success", "Key revoked");
        return invalidate();
      },
      onError: (error) => notify("error", describeApiError(error)),
    }),
  );
  if (keys.isError) return <p className="form-error">{describeApiError(keys.error)}</p>;
  return (
    <table className="admin-table" data-testid="keys-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Starts with</th>
          <th scope="col">Created</th>
          <th scope="col">Last used</th>
          <th scope="col">Expires</th>
          <th scope="col">Creates limit</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {(keys.data ?? []).map((key) => (
          <tr key={key.id} data-testid={`key-${key.name}`}>
            <td>{key.name}</td>
            <td>{key.role}</td>
            <td>
              <code>{key.start ? `${key.start}…` : "—"}</code>
            </td>
            <td>{when(key.createdAt)}</td>
            <td>{when(key.lastUsedAt)}</td>
            <td>{when(key.expiresAt)}</td>
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
      </tbody>
    </table>
  );
}
