import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/trpc/react";
import "./globals.css";
import "./blocks.css";

// Every page renders per request: its scripts carry the nonce of that response's
// Content-Security-Policy (src/proxy.ts), which a page prerendered at build time could not.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Task console", template: "%s · Task console" },
  description: "Watch, search, create, cancel and retry tasks",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
