import { expect, test, type Locator, type Page } from "@playwright/test";

/**
 * Languages: the whole seed flow in a Brazilian browser (Accept-Language pt-BR), by its Portuguese
 * labels, in the Brazilian demo Book (BRL, pt-BR) through Pluggy Connect; and the language switch.
 */
test.describe.configure({ mode: "serial" });

const PAULA = { email: "padaria@example.com", name: "Paula Padaria" };
const BOOK = "Padaria Brasil";
// A bank no other spec uses, so parallel specs never share its connection.
const BANK = "Banco Pampa Gaúcho";

/** Intl writes "R$ 1.234,56" with a no-break space. */
const BRL = /^-?R\$\s\d{1,3}(\.\d{3})*,\d{2}$/;
const DAY_PT = /^\d{2}\/\d{2}\/\d{4}$/;

type PluggyItems = { pluggy: { items: { itemId: string; status: string }[] } | null };

async function pluggyItemIds(page: Page): Promise<string[]> {
  const res = await page.request.get("/sandbox/control");
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { data: PluggyItems }).data.pluggy?.items.map((i) => i.itemId) ?? [];
}

async function signIn(page: Page): Promise<void> {
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: "Entrar no Conexões Bancárias" })).toBeVisible();
  await page.getByRole("button", { name: `Entrar como ${PAULA.name}` }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(PAULA.email);
}

/** Livros → the Brazilian Book → ⚙️ Configurações → Automações → a panel of the left menu. */
async function automacoes(page: Page, panel: "Bancos" | "Conexões do usuário" | "Integrações do livro"): Promise<string> {
  await page.goto("/books");
  await expect(page.getByRole("heading", { name: "Livros", level: 1 })).toBeVisible();
  await page.getByRole("list", { name: "Seus livros" }).getByRole("link", { name: new RegExp(`^${BOOK}`) }).click();
  await expect(page.getByRole("heading", { name: "Transações", exact: true })).toBeVisible();
  const bookId = /\/books\/([a-z0-9]+)/.exec(page.url())![1]!;
  await page.getByRole("button", { name: "Configurações" }).click();
  await page.getByRole("menuitem", { name: "Automações" }).click();
  await page.getByRole("navigation", { name: "Automações" }).getByRole("link", { name: panel }).click();
  await expect(page.getByRole("heading", { name: panel, level: 3 })).toBeVisible();
  return bookId;
}

async function settled(integration: Locator): Promise<number> {
  await expect(integration.getByTestId("integration-status")).toHaveText("Ativa", { timeout: 30_000 });
  return Number(await integration.getByTestId("integration-posted").textContent());
}

/** The Pluggy Connect stand-in, in Portuguese since the portal opens it with language "pt". */
const connectFrame = (page: Page) => page.frameLocator('iframe[name^="__zoid__pluggy_connect_widget__"]');

let itemId = "";
let accountName = "";

test.describe("a Brazilian browser", () => {
  test.use({ locale: "pt-BR" });
  // Each step waits on the sandbox bank and the sync worker: on a busy 2-core machine 60 s is tight.
  test.slow();

  test("signs in and reads the Brazilian Book in Portuguese, with amounts in reais", async ({ page }) => {
    await signIn(page);
    await expect(page.locator("html")).toHaveAttribute("lang", "pt-BR");
    await expect(page.getByRole("button", { name: "Português" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("button", { name: "Sair", exact: true })).toBeVisible();
    await page.goto("/books");
    const books = page.getByRole("list", { name: "Seus livros" });
    await expect(books.getByRole("link")).toHaveCount(1);
    await expect(books).toContainText(BOOK);
    await expect(books).toContainText("Dono");
    await books.getByRole("link", { name: new RegExp(`^${BOOK}`) }).click();
    await expect(page).toHaveTitle(/Livro · Conexões Bancárias/);
    await expect(page.getByRole("complementary", { name: "Contas" })).toContainText("Ativos");
    // 8.500,00 − 3.200,00 in Caixa; the flour bought on the card.
    await expect(page.getByTestId("balance-Caixa")).toHaveText(/^R\$\s5\.300,00$/);
    const flour = page.getByTestId("transaction-row").filter({ hasText: "Farinha de trigo" });
    await expect(flour.locator("td").nth(3)).toHaveText(/^R\$\s1\.234,56$/);
    await expect(flour.locator("td").nth(0)).toHaveText(/^12 de out\.? de 2026$/);
    await expect(flour).toContainText("Conferida");
    await expect(page.getByRole("columnheader", { name: "Valor" })).toBeVisible();
  });

  test("Bancos: Brasil is chosen from the browser; connecting a bank through Pluggy Connect lists it under Conexões do usuário", async ({ page }) => {
    await signIn(page);
    await automacoes(page, "Bancos");
    await expect(page.getByRole("button", { name: "Brasil" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByText("Os bancos do Brasil se conectam pela Pluggy.")).toBeVisible();
    const before = await pluggyItemIds(page);
    await page.getByLabel("Buscar bancos").fill("Pampa");
    await page.getByRole("list", { name: "Bancos" }).getByRole("button", { name: BANK }).click();

    const frame = connectFrame(page);
    const chooser = frame.getByRole("heading", { name: "Escolha seu banco" });
    const credentials = frame.getByRole("heading", { name: "Entre no seu banco" });
    await expect(chooser.or(credentials)).toBeVisible({ timeout: 30_000 });
    if (await chooser.isVisible()) await frame.getByRole("button", { name: new RegExp(`^${BANK}`) }).first().click();
    await expect(credentials).toBeVisible();
    await frame.getByLabel("Usuário").fill("user-ok");
    await frame.getByLabel("Senha").fill("password-ok");
    await frame.getByRole("button", { name: "Continuar" }).click();

    await expect(page).toHaveURL(/\/automations\/connections\?connected=/, { timeout: 30_000 });
    await expect(page.getByRole("status").filter({ hasText: "Vincular conta" })).toContainText(`${BANK} está conectado.`);
    const card = page.getByRole("article", { name: BANK });
    await expect(card).toContainText("Conectada");
    await expect(card).toContainText("Sua");
    await expect(card).toContainText("Conta bancária");
    await expect(card.getByRole("table", { name: `Contas em ${BANK}` })).toBeVisible();
    await expect(card.getByRole("button", { name: "Sincronizar agora" })).toBeVisible();
    const balances = await card.getByTestId("institution-account").evaluateAll((rows) => rows.map((r) => r.querySelectorAll("td")[3]?.textContent ?? ""));
    expect(balances.some((b) => /^-?R\$\s/.test(b))).toBe(true);
    const added = (await pluggyItemIds(page)).filter((id) => !before.includes(id));
    expect(added).toHaveLength(1);
    itemId = added[0]!;
  });

  test("Vincular conta → nova conta, Últimos 90 dias → Salvar: Integrações do livro lista a integração e as transações chegam em R$", async ({ page }) => {
    await signIn(page);
    const bookId = await automacoes(page, "Conexões do usuário");
    const card = page.getByRole("article", { name: BANK });
    const row = card.getByTestId("institution-account").filter({ hasText: "Conta bancária" }).first();
    await row.getByRole("button", { name: "Vincular conta" }).click();
    const dialog = page.getByRole("dialog", { name: /^Vincular / });
    await expect(dialog.getByLabel("Conta do livro")).toHaveValue("new");
    await expect(dialog.getByLabel("Conta do livro").locator("option:checked")).toHaveText("Criar uma nova conta de Ativo");
    accountName = await dialog.getByLabel("Nome da nova conta").inputValue();
    expect(accountName).toContain(BANK);
    await dialog.getByLabel("Período de dados históricos").selectOption({ label: "Últimos 90 dias" });
    await expect(dialog.getByText(/^O banco fornece histórico a partir de \d{2}\/\d{2}\/\d{4}\.$/)).toBeVisible();
    await dialog.getByRole("button", { name: "Salvar", exact: true }).click();

    await expect(page).toHaveURL(/\/automations\/integrations/);
    await expect(page.getByRole("heading", { name: "Integrações do livro", level: 3 })).toBeVisible();
    const integration = page.getByRole("article", { name: new RegExp(`^${BANK}`) });
    await expect(integration).toContainText(accountName);
    const posted = await settled(integration);
    expect(posted).toBeGreaterThan(0);
    await expect(integration.getByTestId("integration-period")).toHaveText(DAY_PT);
    await expect(integration.getByRole("img")).toHaveAccessibleName(/lançadas? nos últimos \d+ dias$/);

    await page.goto(`/books/${bookId}`);
    await page.getByRole("link", { name: new RegExp(`^${accountName}`) }).click();
    await expect(page.getByRole("heading", { name: `Transações — ${accountName}` })).toBeVisible();
    const rows = page.getByTestId("transaction-row");
    await expect(rows).toHaveCount(Math.min(posted, 50)); // 50 a page
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    for (const c of cells) {
      expect(c[3]).toMatch(BRL);
      expect(c[5]).toBe("Rascunho");
      expect(c[0]).toMatch(/^\d{1,2} de [a-zç]{3}\.? de \d{4}$/);
    }
  });

  test("Salvar configuração com Últimos 12 meses acrescenta as transações mais antigas", async ({ page }) => {
    await signIn(page);
    await automacoes(page, "Integrações do livro");
    const integration = page.getByRole("article", { name: new RegExp(`^${BANK}`) });
    const before = await settled(integration);
    await integration.getByLabel("Período de dados históricos").selectOption({ label: "Últimos 12 meses" });
    await integration.getByRole("button", { name: "Salvar configuração" }).click();
    const status = integration.getByRole("status");
    await expect(status).toContainText("Salvo: lançando a partir de");
    const newStart = /a partir de (\d{2}\/\d{2}\/\d{4})/.exec((await status.textContent())!)![1]!;
    await expect(integration.getByTestId("integration-period")).toHaveText(newStart);
    expect(await settled(integration)).toBeGreaterThanOrEqual(before);
  });

  test("Reconectar: a bank asking for a new login shows Login necessário; Pluggy Connect in update mode brings it back", async ({ page }) => {
    expect(itemId).not.toBe("");
    await signIn(page);
    await automacoes(page, "Conexões do usuário");
    const res = await page.request.post("/sandbox/control", { data: { action: "pluggy.loginError", itemId } });
    expect(res.ok(), await res.text()).toBe(true);
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("article", { name: BANK })).toContainText("Login necessário", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    const card = page.getByRole("article", { name: BANK });
    await expect(card).toContainText("Clique em Reconectar");
    await card.getByRole("button", { name: "Reconectar" }).click();

    const frame = connectFrame(page);
    // The stand-in loads slowly on a busy machine.
    await expect(frame.getByRole("heading", { name: "Reconecte seu banco" })).toBeVisible({ timeout: 30_000 });
    await frame.getByLabel("Usuário").fill("user-ok");
    await frame.getByLabel("Senha").fill("password-ok");
    await frame.getByRole("button", { name: "Continuar" }).click();

    await expect(card.getByRole("status")).toContainText(`${BANK} está conectado de novo.`, { timeout: 30_000 });
    await expect(card).toContainText("Conectada");
    await expect(card.getByRole("button", { name: "Reconectar" })).toHaveCount(0);
  });

  test("Remover → Sim in Integrações do livro; Desconectar → Sim in Conexões do usuário", async ({ page }) => {
    await signIn(page);
    const bookId = await automacoes(page, "Integrações do livro");
    const integration = page.getByRole("article", { name: new RegExp(`^${BANK}`) });
    await integration.getByRole("button", { name: "Remover" }).click();
    const remove = page.getByRole("dialog", { name: /^Remover / });
    await expect(remove).toContainText("As transações desta conta deixam de chegar a este livro.");
    await expect(remove.getByRole("button", { name: "Não" })).toBeFocused();
    await remove.getByRole("button", { name: "Sim" }).click();
    await expect(integration).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Nenhuma integração ainda" })).toBeVisible();

    await page.getByRole("navigation", { name: "Automações" }).getByRole("link", { name: "Conexões do usuário" }).click();
    const card = page.getByRole("article", { name: BANK });
    await card.getByRole("button", { name: "Desconectar" }).click();
    const confirm = page.getByRole("dialog", { name: `Desconectar ${BANK}?` });
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Sim" }).click();
    await expect(card).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Nenhuma conexão bancária ainda" })).toBeVisible();

    // The drafts already posted stay in the Book, in reais.
    await page.goto(`/books/${bookId}`);
    await page.getByRole("link", { name: new RegExp(`^${accountName}`) }).click();
    await expect(page.getByTestId("transaction-row").first().locator("td").nth(3)).toHaveText(BRL);
  });
});

test.describe("the language switch", () => {
  test("an English browser clicks Português and sees Portuguese, on the sign-in page and in the portal; then English again", async ({ page, context }) => {
    await page.goto("/signin");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { name: "Sign in to Bank Connections" })).toBeVisible();
    await page.getByRole("button", { name: "Português" }).click();
    await expect(page.getByRole("heading", { name: "Entrar no Conexões Bancárias" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "pt-BR");
    await expect(page).toHaveURL(/\/signin$/);

    const cookie = (await context.cookies()).find((c) => c.name === "locale");
    expect(cookie).toMatchObject({ value: "pt-BR", sameSite: "Lax", path: "/" });
    const days = (cookie!.expires * 1000 - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(360);
    expect(days).toBeLessThan(370);

    await page.getByRole("button", { name: `Entrar como ${PAULA.name}` }).click();
    await expect(page.getByRole("heading", { name: "Livros", level: 1 })).toBeVisible();
    await page.getByRole("link", { name: new RegExp(`^${BOOK}`) }).click();
    await expect(page.getByRole("heading", { name: "Transações", exact: true })).toBeVisible();
    const here = page.url();

    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { name: "Transactions", exact: true })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    expect(page.url()).toBe(here);
    await expect(page.getByRole("button", { name: "Settings" })).toBeVisible();
    // Amounts follow the Book, not the language: still reais, written the Brazilian way.
    await expect(page.getByTestId("balance-Caixa")).toHaveText(/^R\$\s5\.300,00$/);
    expect((await context.cookies()).find((c) => c.name === "locale")?.value).toBe("en");
  });

  test.describe("the chosen language beats the browser's", () => {
    test.use({ locale: "pt-BR" });
    test("a Brazilian browser that chose English stays in English", async ({ page }) => {
      await page.goto("/signin");
      await expect(page.getByRole("heading", { name: "Entrar no Conexões Bancárias" })).toBeVisible();
      await page.getByRole("button", { name: "English" }).click();
      await expect(page.getByRole("heading", { name: "Sign in to Bank Connections" })).toBeVisible();
      await page.reload();
      await expect(page.getByRole("heading", { name: "Sign in to Bank Connections" })).toBeVisible();
      await expect(page.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
    });
  });
});
