/**
 * Text helpers shared by the report's charts: escaping for HTML/SVG and short number labels.
 */

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** 1234567 → "1.2M", 25000 → "25k", 0.5 → "0.5": axis and point labels. */
export function shortNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  const trim = (text: string) => text.replace(/\.0$/, '');
  if (abs >= 1e9) return `${trim((value / 1e9).toFixed(1))}G`;
  if (abs >= 1e6) return `${trim((value / 1e6).toFixed(1))}M`;
  if (abs >= 1e3) return `${trim((value / 1e3).toFixed(1))}k`;
  if (abs >= 10) return value.toFixed(0);
  if (abs >= 1) return trim(value.toFixed(1));
  return value.toPrecision(2);
}
