import { isRole } from "@tps/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/app-header";
import { CurrentUserProvider } from "@/components/current-user";
import { LiveUpdates } from "@/components/live-updates";
import { NoticeProvider } from "@/components/notices";
import { ProcessingBanner } from "@/components/processing-banner";
import { services } from "@/server/api-context";
import { toolLinks } from "@/server/tool-links";

export const dynamic = "force-dynamic";

/** Every console page needs a signed-in, enabled user; the header shows who and with which role. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await services().auth.api.getSession({ headers: await headers() });
  const user = session?.user as { email: string; role?: string | null; banned?: boolean | null } | undefined;
  if (!user || user.banned || !isRole(user.role)) redirect("/sign-in");
  return (
    <CurrentUserProvider user={{ email: user.email, role: user.role }}>
      <LiveUpdates>
        <NoticeProvider>
          <AppHeader tools={toolLinks()} />
          <ProcessingBanner />
          {children}
        </NoticeProvider>
      </LiveUpdates>
    </CurrentUserProvider>
  );
}
