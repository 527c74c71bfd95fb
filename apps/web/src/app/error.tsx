"use client";

/** Last-resort boundary: a rendering error shows a message and a way back, not a blank page. */
export default function ErrorPage({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <main id="main" className="page">
      <h1>Something went wrong</h1>
      <p className="state state-error" role="alert">
        {error.message || "The page failed to render."}
      </p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </main>
  );
}
