import { computed, onUnmounted, ref, watch } from 'vue';
import type { ContainerRef, PortCheck } from '../../shared/contract';
import { parsePortSpecs, type PortSpec } from '../../shared/port-spec';
import { composeSpecText, duplicateRows, fieldsFromSpec, parseRowText, specKey, specText, type PortFields, type PortRowDraft } from '../lib/port-rows';
import { usePortsStore } from '../stores/ports';

/** What one row says right now: the parser's verdict, clashes with other rows, the live check. */
export interface RowStatus {
  spec: PortSpec | null;
  /** The parser's message when the text is not a valid spec. */
  error: string | null;
  /** 1-based numbers of the other rows claiming the same host port. */
  duplicates: number[];
  /** The latest answer for this spec, when there is one. */
  check: PortCheck | null;
  /** An answer for this row is still coming. */
  checking: boolean;
}

const BLANK_FIELDS: PortFields = { hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' };

/**
 * The port rows of a form: every edit is parsed at once, and whenever the set of valid specs
 * changes the host and the engines are asked (debounced) whether they are free.
 */
export function usePortRows(options: { exclude?: () => ContainerRef | undefined } = {}) {
  const ports = usePortsStore();
  const rows = ref<PortRowDraft[]>([]);
  let nextId = 1;

  const parsed = computed(() => rows.value.map((row) => ({ id: row.id, ...parseRowText(row.text) })));
  const specs = computed(() => {
    const byKey = new Map<string, PortSpec>();
    for (const p of parsed.value) if (p.spec) byKey.set(specKey(p.spec), p.spec);
    return [...byKey.values()];
  });
  const duplicates = computed(() => duplicateRows(parsed.value));

  const statuses = computed(() => {
    const out = new Map<number, RowStatus>();
    for (const p of parsed.value) {
      const check = p.spec ? (ports.resultFor(p.spec) ?? null) : null;
      out.set(p.id, {
        spec: p.spec,
        error: p.error,
        duplicates: duplicates.value.get(p.id) ?? [],
        check,
        checking: !!p.spec && ports.pending,
      });
    }
    return out;
  });

  const invalidCount = computed(() => parsed.value.filter((p) => p.error).length);
  const duplicateCount = computed(() => duplicates.value.size);
  const conflictCount = computed(() => [...statuses.value.values()].filter((s) => s.check && !s.check.ok).length);
  const checking = computed(() => specs.value.length > 0 && ports.pending);
  /** Why Create must wait, or null when the ports are fine. */
  const blockedReason = computed(() => {
    if (invalidCount.value) return 'Fix the port rows marked invalid.';
    if (duplicateCount.value) return 'Two rows claim the same host port.';
    if (checking.value) return 'Checking ports…';
    if (conflictCount.value) return 'A host port is already in use.';
    return null;
  });

  // Only a change in the valid specs asks again: a keystroke that leaves a row invalid does not.
  watch(
    () => specs.value.map(specKey).join(','),
    () => void ports.check(specs.value, options.exclude?.()),
    { immediate: true },
  );
  onUnmounted(() => ports.reset());

  function find(id: number): PortRowDraft | undefined {
    return rows.value.find((r) => r.id === id);
  }

  function addRow(text = ''): number {
    const id = nextId++;
    const row: PortRowDraft = { id, text: '', ...BLANK_FIELDS };
    rows.value.push(row);
    if (text) setText(id, text);
    return id;
  }

  function removeRow(id: number): void {
    rows.value = rows.value.filter((r) => r.id !== id);
  }

  /** The user typed a whole spec: keep it as typed, and let the fields follow when it parses. */
  function setText(id: number, text: string): void {
    const row = find(id);
    if (!row) return;
    row.text = text;
    const result = parseRowText(text);
    if (result.spec) Object.assign(row, fieldsFromSpec(result.spec));
  }

  /** The user changed one field: the spec text is written anew from the fields. */
  function setField<K extends keyof PortFields>(id: number, field: K, value: PortFields[K]): void {
    const row = find(id);
    if (!row) return;
    (row as PortFields)[field] = value;
    row.text = composeSpecText(row);
  }

  /** A suggestion or a fix: the row takes the spec as a whole. */
  function applySpec(id: number, spec: PortSpec): void {
    setText(id, specText(spec));
  }

  /** Adds a row per spec, taking the place of empty rows. */
  function addSpecs(list: readonly PortSpec[]): void {
    rows.value = rows.value.filter((r) => r.text.trim() !== '');
    for (const spec of list) addRow(specText(spec));
  }

  /** Pasted text (`8080:80, -p 127.0.0.1:5432:5432`…): adds its rows, or returns why it cannot. */
  function paste(text: string): string | null {
    if (!text.trim()) return 'Paste one or more mappings, such as 8080:80 or -p 127.0.0.1:5432:5432.';
    try {
      const list = parsePortSpecs(text);
      if (list.length === 0) return 'No port mapping found in the pasted text.';
      addSpecs(list);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  return {
    rows,
    statuses,
    specs,
    checking,
    blockedReason,
    checkError: computed(() => ports.error),
    addRow,
    removeRow,
    setText,
    setField,
    applySpec,
    addSpecs,
    paste,
  };
}

export type PortRowsApi = ReturnType<typeof usePortRows>;
