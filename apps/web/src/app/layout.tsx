import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/trpc/react";
import "./globals.css";

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
