import type { LaunchOptions } from "@playwright/test";

/**
 * Debian's Chromium (never a downloaded browser), with the flags this sandboxed, offline machine
 * needs: no sandbox as root, and no background requests to hosts it cannot reach.
 * `CHROMIUM_PATH` points elsewhere on other machines.
 */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};
