import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "@/lib/i18n/messages/en";
import { ptBR } from "@/lib/i18n/messages/pt-BR";

type Tree = { [k: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const EN = leaves(en as unknown as Tree);
const PT = leaves(ptBR as unknown as Tree);

describe("the dictionaries", () => {
  it("have the same keys (plural forms aside: a language may add CLDR forms)", () => {
    const strip = (k: string) => k.replace(/\.(zero|one|two|few|many|other)$/, ".#");
    const enKeys = new Set([...EN.keys()].filter((k) => !/\.(zero|two|few|many)$/.test(k)).map(strip));
    const ptKeys = new Set([...PT.keys()].filter((k) => !/\.(zero|two|few|many)$/.test(k)).map(strip));
    expect([...ptKeys].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys].filter((k) => !ptKeys.has(k))).toEqual([]);
  });

  it("have no empty message, and the same {placeholders} in each language", () => {
    for (const [k, v] of [...EN, ...PT]) expect(v.trim(), k).not.toBe("");
    for (const [k, v] of EN) {
      const p = PT.get(k);
      if (p !== undefined) expect(placeholders(p), k).toEqual(placeholders(v));
    }
  });

  it("say the seed's labels in Brazilian Portuguese", () => {
    expect(ptBR.automations).toEqual({ title: "Automações", banks: "Bancos", connections: "Conexões do usuário", integrations: "Integrações do livro" });
    expect([ptBR.linkAccount.button, ptBR.common.save, ptBR.connections.reconnect, ptBR.integrations.remove, ptBR.connections.disconnect, ptBR.common.yes, ptBR.integrations.saveConfiguration]).toEqual([
      "Vincular conta",
      "Salvar",
      "Reconectar",
      "Remover",
      "Desconectar",
      "Sim",
      "Salvar configuração",
    ]);
  });

  it("every message group is used by the interface", () => {
    // A coarse check against dead entries: each second-level key appears (as "group.key" or in a
    // template `group.${…}`) in app/, components/ or lib/.
    const roots = ["app", "components", "lib"].map((d) => path.resolve(d));
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory() && e.name !== "generated" && e.name !== "messages") walk(p);
        else if (/\.(ts|tsx)$/.test(e.name)) files.push(p);
      }
    };
    roots.forEach(walk);
    const source = files.map((f) => fs.readFileSync(f, "utf8")).join("\n");
    const unused: string[] = [];
    for (const key of EN.keys()) {
      const parts = key.split(".");
      const group = parts.slice(0, 2).join(".");
      const inTemplate = source.includes(`"${parts[0]}.${parts[1]}`) || source.includes(`\`${parts[0]}.${parts[1]}`) || source.includes(`\`${parts[0]}.\${`);
      const viaEn = source.includes(`en.${parts[0]}`);
      if (!inTemplate && !viaEn && !source.includes(`"${group}"`)) unused.push(key);
    }
    expect(unused).toEqual([]);
  });
});
