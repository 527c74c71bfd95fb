"use client";

import { useState } from "react";
import { type CreateOptionsForm, createOptions, DEFAULT_CREATE_OPTIONS } from "@/lib/create-options";

/**
 * A create form's "when and how urgent" fields: start (now, at a time, after a delay), expire after
 * and priority. `check()` turns them into API options or sets the error shown under them.
 */
export function useCreateOptions() {
  const [form, setForm] = useState<CreateOptionsForm>(DEFAULT_CREATE_OPTIONS);
  const [error, setError] = useState<string | null>(null);
  const set = (changes: Partial<CreateOptionsForm>) => {
    setForm((current) => ({ ...current, ...changes }));
    setError(null);
  };
  const check = () => {
    const result = createOptions(form);
    setError(result.ok ? null : result.error);
    return result.ok ? result.options : null;
  };
  return { form, set, error, check };
}

export type CreateOptionsState = ReturnType<typeof useCreateOptions>;
