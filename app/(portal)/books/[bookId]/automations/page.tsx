import { redirect } from "next/navigation";
import { requireBookPage } from "@/lib/app-context";

export default async function AutomationsIndex({ params }: { params: Promise<{ bookId: string }> }) {
  const { bookId } = await params;
  await requireBookPage(bookId, "VIEWER", `/books/${bookId}/automations`);
  redirect(`/books/${bookId}/automations/banks`);
}
