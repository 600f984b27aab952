import { onScopeDispose, ref, type Ref } from 'vue';

/** The current time, refreshed every `intervalMs` while the component lives (for "Up 3 minutes"). */
export function useNow(intervalMs = 10_000): Ref<number> {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
