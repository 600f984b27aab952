/**
 * How long ago an ISO time was, in Docker's words ("Less than a second", "3 minutes", "About an
 * hour"): the engine's `docker ps` status and the app's own uptime read the same.
 */
export function durationSince(fromIso: string | null, now: number): string {
  if (!fromIso) return '';
  const s = Math.max(0, Math.round((now - Date.parse(fromIso)) / 1000));
  if (s < 2) return 'Less than a second';
  if (s < 60) return `${s} seconds`;
  const m = Math.round(s / 60);
  if (m < 60) return m === 1 ? 'About a minute' : `${m} minutes`;
  const h = Math.round(m / 60);
  if (h < 48) return h === 1 ? 'About an hour' : `${h} hours`;
  return `${Math.round(h / 24)} days`;
}
