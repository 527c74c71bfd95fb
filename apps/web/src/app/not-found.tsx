import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="page">
      <h1>Page not found</h1>
      <p className="state state-empty">
        Try the <Link href="/">dashboard</Link> or the <Link href="/tasks">task list</Link>.
      </p>
    </main>
  );
}
