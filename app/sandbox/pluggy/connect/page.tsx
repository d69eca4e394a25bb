import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PluggyConnectChild } from "@bank-connections/sandbox/ui/pluggy-connect/child";
import { isSandboxEnabled } from "@/lib/sandbox/mount";

export const metadata: Metadata = { title: "Pluggy Connect (sandbox)", robots: { index: false } };

/**
 * The Pluggy Connect stand-in: react-pluggy-connect renders this page in its iframe
 * (`url` = `${appUrl}/sandbox/pluggy/connect`). Only in Pluggy's local-sandbox mode.
 */
export default function PluggyConnectPage() {
  if (!isSandboxEnabled("pluggy")) notFound();
  return <PluggyConnectChild />;
}
