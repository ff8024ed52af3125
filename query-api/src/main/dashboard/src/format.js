// How the dashboard writes figures. Money arrives as JSON numbers with two decimals.
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const formatMoney = (value) => money.format(Number(value));
export const formatCount = (value) => count.format(value ?? 0);
export const formatRatio = (value) => (value == null ? '–' : `${(value * 100).toFixed(1)} %`);
export const minuteLabel = (iso) => iso.substring(11, 16);

export function formatDuration(ms) {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}
