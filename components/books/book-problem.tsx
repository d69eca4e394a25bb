import Link from "next/link";
import type { BookProblem } from "@/lib/books/book-page";
import { getT } from "@/lib/i18n/server";

type Props = { problem: BookProblem; retryHref: string; signInAction?: (formData: FormData) => Promise<void> };

/** A Book (or the Books list) could not be read: the reason in words and the action that fixes it. */
export async function BookProblemNotice({ problem, retryHref, signInAction }: Props) {
  const t = await getT();
  return (
    <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="book-problem">
      <p>{problem.message}</p>
      <div className="mt-2 flex gap-3">
        {problem.signInAgain && signInAction ? (
          <form action={signInAction}>
            <input type="hidden" name="callbackUrl" value={retryHref} />
            <button type="submit" className="rounded-md bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700">
              {t("bookProblem.signInAgain")}
            </button>
          </form>
        ) : null}
        {problem.retryable ? (
          <Link href={retryHref} className="text-brand-700 underline">
            {t("bookProblem.tryAgain")}
          </Link>
        ) : null}
        {!problem.signInAgain && !problem.retryable && retryHref !== "/books" ? (
          <Link href="/books" className="text-brand-700 underline">
            {t("bookProblem.backToBooks")}
          </Link>
        ) : null}
      </div>
    </div>
  );
}
