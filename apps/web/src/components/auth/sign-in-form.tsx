"use client";

import { type FormEvent, useState } from "react";
import { LabeledInput } from "../form-field";
import "./sign-in.css";

async function post(path: string, body: unknown): Promise<{ ok: boolean; data: Record<string, unknown> }> {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { ok: response.ok, data };
}

/** The two fields, with the autocomplete hints that let password managers fill them. */
const CREDENTIAL_FIELDS = [
  { name: "email", id: "sign-in-email", label: "Email", type: "email", autoComplete: "username" },
  {
    name: "password",
    id: "sign-in-password",
    label: "Password",
    type: "password",
    autoComplete: "current-password",
  },
] as const;

/** Email + password (accounts are created by an admin), and single sign-on when configured. */
export function SignInForm({ sso }: { sso: boolean }) {
  const [credentials, setCredentials] = useState({ email: "", password: "" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { ok, data } = await post("/api/auth/sign-in/email", credentials);
      if (ok) return window.location.assign("/");
      setError(typeof data.message === "string" ? data.message : "Sign-in failed");
    } catch {
      setError("The server cannot be reached; try again shortly");
    }
    setBusy(false);
  };

  const signInWithSso = async () => {
    const { ok, data } = await post("/api/auth/sign-in/oauth2", { providerId: "oidc", callbackURL: "/" });
    if (ok && typeof data.url === "string") window.location.assign(data.url);
    else setError("Single sign-on is not available right now");
  };

  return (
    <form className="card sign-in" onSubmit={submit} data-testid="sign-in-form">
      <h1>Task console</h1>
      <p>Sign in to watch and manage tasks.</p>
      {CREDENTIAL_FIELDS.map(({ name, ...field }) => (
        <LabeledInput
          key={name}
          {...field}
          required
          value={credentials[name]}
          onChange={(e) => setCredentials((c) => ({ ...c, [name]: e.target.value }))}
        />
      ))}
      <button type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      {sso && (
        <button type="button" className="button-secondary" onClick={signInWithSso}>
          Sign in with single sign-on
        </button>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
