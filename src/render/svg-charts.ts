/**
 * Server-side SVG charts for the operator dashboard: pure functions from numbers to markup, with no
 * script and no external resource. Each chart has a `<title>` and `<desc>` naming its numbers, so a
 * screen reader gets what the eye gets, and a `viewBox` so it scales down to a phone.
 */

export interface DayBar {
  /** YYYY-MM-DD */
  day: string;
  sent: number;
  failed: number;
}

export interface StatusBar {
  label: string;
  value: number;
}

const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A rounded-up axis maximum (1, 2, 5 × 10ⁿ) so the top gridline reads as a plain number. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

/** The `count` UTC days that end with `lastDay`, oldest first, each with its numbers (0 when absent). */
export function fillDays(lastDay: string, count: number, data: readonly DayBar[]): DayBar[] {
  const byDay = new Map(data.map((d) => [d.day, d]));
  const end = Date.parse(`${lastDay}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    const found = byDay.get(day);
    return { day, sent: found?.sent ?? 0, failed: found?.failed ?? 0 };
  });
}

/**
 * Stacked daily columns: sent (bottom) and failed (top), one per day, with the maximum on the axis.
 *
 * @example
 * renderDailyChart(fillDays('2025-03-11', 30, rows), { title: 'Sends and failures, last 30 days' });
 */
export function renderDailyChart(days: readonly DayBar[], options: { title: string }): string {
  const width = 400;
  const height = 200;
  const left = 40;
  const bottom = 24;
  const top = 10;
  const plotHeight = height - bottom - top;
  const max = niceCeiling(Math.max(0, ...days.map((d) => d.sent + d.failed)));
  const slot = (width - left) / Math.max(1, days.length);
  const barWidth = Math.max(1, slot * 0.7);
  const scale = (n: number) => (n / max) * plotHeight;
  const totalSent = days.reduce((s, d) => s + d.sent, 0);
  const totalFailed = days.reduce((s, d) => s + d.failed, 0);
  const first = days[0]?.day ?? '';
  const last = days.at(-1)?.day ?? '';
  const bars = days.map((d, i) => {
    const x = (left + i * slot + (slot - barWidth) / 2).toFixed(1);
    const sentH = scale(d.sent);
    const failedH = scale(d.failed);
    const label = `${d.day}: ${d.sent} sent, ${d.failed} failed`;
    return (
      `<g><title>${escapeXml(label)}</title>` +
      (d.sent > 0
        ? `<rect class="sent" x="${x}" y="${(top + plotHeight - sentH).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${sentH.toFixed(1)}"/>`
        : '') +
      (d.failed > 0
        ? `<rect class="failed" x="${x}" y="${(top + plotHeight - sentH - failedH).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${failedH.toFixed(1)}"/>`
        : '') +
      '</g>'
    );
  });
  return [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="daily-title daily-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="daily-title">${escapeXml(options.title)}</title>`,
    `<desc id="daily-desc">${escapeXml(`${first} to ${last}: ${totalSent} sent, ${totalFailed} failed; the highest day is under ${max}.`)}</desc>`,
    `<line class="axis" x1="${left}" y1="${top + plotHeight}" x2="${width}" y2="${top + plotHeight}"/>`,
    `<line class="grid" x1="${left}" y1="${top}" x2="${width}" y2="${top}"/>`,
    `<text x="${left - 4}" y="${top + 4}" text-anchor="end">${max}</text>`,
    `<text x="${left - 4}" y="${top + plotHeight}" text-anchor="end">0</text>`,
    `<text x="${left}" y="${height - 6}">${escapeXml(first.slice(5))}</text>`,
    `<text x="${width}" y="${height - 6}" text-anchor="end">${escapeXml(last.slice(5))}</text>`,
    ...bars,
    '</svg>',
  ].join('\n');
}

/**
 * Horizontal bars, one per label, with the value written beside each (subscribers by state).
 *
 * @example
 * renderStatusChart([{ label: 'confirmed', value: 812 }], { title: 'Subscribers by state' });
 */
export function renderStatusChart(bars: readonly StatusBar[], options: { title: string }): string {
  const width = 360;
  const rowHeight = 28;
  const labelWidth = 100;
  const valueWidth = 60;
  const height = Math.max(1, bars.length) * rowHeight + 8;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const span = width - labelWidth - valueWidth;
  const rows = bars.map((b, i) => {
    const y = 4 + i * rowHeight;
    const w = b.value === 0 ? 0 : Math.max(2, (b.value / max) * span);
    return (
      `<g class="status-${escapeXml(b.label)}">` +
      `<text x="0" y="${y + 18}">${escapeXml(b.label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 10}"/>` +
      `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 18}">${b.value}</text></g>`
    );
  });
  const summary = bars.map((b) => `${b.label} ${b.value}`).join(', ');
  return [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="status-title status-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="status-title">${escapeXml(options.title)}</title>`,
    `<desc id="status-desc">${escapeXml(summary || 'none')}</desc>`,
    ...rows,
    '</svg>',
  ].join('\n');
}
