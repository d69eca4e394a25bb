import Link from "next/link";
import type { BookProblem } from "@/lib/books/book-page";

type Props = { problem: BookProblem; retryHref: string; signInAction?: (formData: FormData) => Promise<void> };

/** A Book (or the Books list) could not be read: the reason in words and the action that fixes it. */
export function BookProblemNotice({ problem, retryHref, signInAction }: Props) {
  return (
    <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="book-problem">
      <p>{problem.message}</p>
      <div className="mt-2 flex gap-3">
        {problem.signInAgain && signInAction ? (
          <form action={signInAction}>
            <input type="hidden" name="callbackUrl" value={retryHref} />
            <button type="submit" className="rounded-md bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700">
              Sign in again with Google
            </button>
          </form>
        ) : null}
        {problem.retryable ? (
          <Link href={retryHref} className="text-brand-700 underline">
            Try again
          </Link>
        ) : null}
        {!problem.signInAgain && !problem.retryable && retryHref !== "/books" ? (
          <Link href="/books" className="text-brand-700 underline">
            Back to your Books
          </Link>
        ) : null}
      </div>
    </div>
  );
}
