"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useTransition } from "react";

/**
 * Refreshes the page's server data every `ms` while `active` (e.g. while a backfill runs), never
 * starting a refresh while the last one is still on its way: on a busy server a page slower than
 * `ms` would otherwise get refreshes piling up, and a navigation (Link Account → Save goes to Book
 * Integrations) entangled with them would never finish.
 */
export function AutoRefresh({ active, ms = 1500 }: { active: boolean; ms?: number }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const busy = useRef(false);
  useEffect(() => {
    busy.current = pending;
  }, [pending]);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => {
      if (!busy.current) start(() => router.refresh());
    }, ms);
    return () => clearInterval(t);
  }, [active, ms, router]);
  return null;
}
