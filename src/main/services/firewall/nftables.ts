/** Parser for `nft -j list ruleset`. */

export interface NftChain {
  family: string;
  table: string;
  name: string;
  handle: number | null;
  type: string | null;
  hook: string | null;
  prio: number | string | null;
  policy: string | null;
}

export interface NftRule {
  family: string;
  table: string;
  chain: string;
  handle: number | null;
  dports: Array<{ start: number; end: number; protocol: string | null }>;
  dnat: boolean;
  verdict: string | null;
  comment: string | null;
}

export interface NftRuleset {
  version: string | null;
  tables: Array<{ family: string; name: string }>;
  chains: NftChain[];
  rules: NftRule[];
}

type Json = Record<string, unknown>;

function asObj(v: unknown): Json | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
}

function portValues(right: unknown): Array<{ start: number; end: number }> {
  if (typeof right === 'number') return [{ start: right, end: right }];
  const obj = asObj(right);
  if (obj?.range && Array.isArray(obj.range)) return [{ start: Number(obj.range[0]), end: Number(obj.range[1]) }];
  if (obj?.set && Array.isArray(obj.set)) return obj.set.flatMap(portValues);
  return [];
}

function summarizeExpr(expr: unknown[]): Pick<NftRule, 'dports' | 'dnat' | 'verdict'> {
  const out: Pick<NftRule, 'dports' | 'dnat' | 'verdict'> = { dports: [], dnat: false, verdict: null };
  for (const e of expr) {
    const o = asObj(e);
    if (!o) continue;
    const match = asObj(o.match);
    const payload = asObj(asObj(match?.left)?.payload);
    if (match && payload?.field === 'dport' && match.op !== '!=') {
      const protocol = typeof payload.protocol === 'string' ? payload.protocol : null;
      for (const r of portValues(match.right)) out.dports.push({ ...r, protocol });
    }
    const xt = asObj(o.xt);
    if (o.dnat || (xt?.type === 'target' && xt.name === 'DNAT')) out.dnat = true;
    for (const v of ['accept', 'drop', 'reject', 'return']) if (v in o) out.verdict = v;
    for (const v of ['jump', 'goto']) {
      const target = asObj(o[v]);
      if (target && typeof target.target === 'string') out.verdict = `${v} ${target.target}`;
    }
    if (xt?.type === 'target' && typeof xt.name === 'string') out.verdict = `xt ${xt.name}`;
  }
  return out;
}

export function parseNftRuleset(jsonText: string): NftRuleset {
  const doc = JSON.parse(jsonText) as { nftables?: unknown[] };
  const result: NftRuleset = { version: null, tables: [], chains: [], rules: [] };
  for (const item of doc.nftables ?? []) {
    const o = asObj(item);
    if (!o) continue;
    const meta = asObj(o.metainfo);
    const table = asObj(o.table);
    const chain = asObj(o.chain);
    const rule = asObj(o.rule);
    if (meta) result.version = typeof meta.version === 'string' ? meta.version : null;
    if (table) result.tables.push({ family: String(table.family), name: String(table.name) });
    if (chain) {
      result.chains.push({
        family: String(chain.family),
        table: String(chain.table),
        name: String(chain.name),
        handle: typeof chain.handle === 'number' ? chain.handle : null,
        type: typeof chain.type === 'string' ? chain.type : null,
        hook: typeof chain.hook === 'string' ? chain.hook : null,
        prio: (chain.prio as number | string | undefined) ?? null,
        policy: typeof chain.policy === 'string' ? chain.policy : null,
      });
    }
    if (rule) {
      result.rules.push({
        family: String(rule.family),
        table: String(rule.table),
        chain: String(rule.chain),
        handle: typeof rule.handle === 'number' ? rule.handle : null,
        ...summarizeExpr(Array.isArray(rule.expr) ? rule.expr : []),
        comment: typeof rule.comment === 'string' ? rule.comment : null,
      });
    }
  }
  return result;
}

const ENGINE_CHAIN = /^(DOCKER.*|NETAVARK.*|CNI-.*|PODMAN.*|nv_.*)$/;

/** Engine-owned chains as "family table/CHAIN"; also netavark's own `netavark` nft table. */
export function findNftEngineChains(rs: NftRuleset): string[] {
  return rs.chains.filter((c) => ENGINE_CHAIN.test(c.name) || c.table === 'netavark').map((c) => `${c.family} ${c.table}/${c.name}`);
}

export function nftRulesForPort(rs: NftRuleset, port: number, protocol: string): NftRule[] {
  return rs.rules.filter((r) => r.dports.some((d) => port >= d.start && port <= d.end && (d.protocol === null || d.protocol === protocol)));
}

export function nftBaseChains(rs: NftRuleset): NftChain[] {
  return rs.chains.filter((c) => c.hook !== null);
}
