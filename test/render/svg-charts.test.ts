import { describe, expect, it } from 'vitest';
import { fillDays, niceCeiling, renderDailyChart, renderStatusChart } from '../../src/render/index.ts';

describe('niceCeiling', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 10, 11, 120, 999, 1001].map(niceCeiling)).toEqual([
      1, 1, 5, 10, 10, 20, 200, 1000, 2000,
    ]);
  });
});

describe('fillDays', () => {
  it('gives every day of the range, oldest first, zero where nothing happened', () => {
    const days = fillDays('2025-03-02', 3, [{ day: '2025-03-01', sent: 4, failed: 1 }]);
    expect(days).toEqual([
      { day: '2025-02-28', sent: 0, failed: 0 },
      { day: '2025-03-01', sent: 4, failed: 1 },
      { day: '2025-03-02', sent: 0, failed: 0 },
    ]);
  });
});

describe('renderDailyChart', () => {
  const svg = renderDailyChart(
    fillDays('2025-03-11', 30, [
      { day: '2025-03-10', sent: 80, failed: 20 },
      { day: '2025-03-11', sent: 40, failed: 0 },
    ]),
    { title: 'Sends & failures' },
  );

  it('draws one stacked column per day, scaled to a round maximum', () => {
    expect(svg.match(/<g>/g)).toHaveLength(30);
    // 100 on 03-10 is the maximum: the sent part is 80% and the failed part 20% of the 166 px plot.
    expect(svg).toMatch(/class="sent" x="[\d.]+" y="43\.2" width="[\d.]+" height="132\.8"/);
    expect(svg).toMatch(/class="failed" x="[\d.]+" y="10\.0" width="[\d.]+" height="33\.2"/);
    expect(svg).toContain('>100</text>');
    expect(svg).toContain('<title>2025-03-10: 80 sent, 20 failed</title>');
  });

  it('names its totals for screen readers and escapes text', () => {
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="daily-title">Sends &#38; failures</title>');
    expect(svg).toContain('2025-02-10 to 2025-03-11: 120 sent, 20 failed');
    expect(svg).not.toMatch(/<script|href=/);
  });

  it('draws no bar for an empty month', () => {
    const empty = renderDailyChart(fillDays('2025-03-11', 30, []), { title: 't' });
    expect(empty).not.toContain('<rect');
    expect(empty).toContain('0 sent, 0 failed');
  });
});

describe('renderStatusChart', () => {
  it('draws bars proportional to the largest value, with each value written out', () => {
    const svg = renderStatusChart(
      [
        { label: 'confirmed', value: 200 },
        { label: 'pending', value: 50 },
        { label: 'suppressed', value: 0 },
      ],
      { title: 'Subscribers by state' },
    );
    expect(svg).toContain('<rect x="100" y="8" width="200.0"');
    expect(svg).toContain('<rect x="100" y="36" width="50.0"');
    expect(svg).toContain('<rect x="100" y="64" width="0.0"');
    expect(svg).toContain('confirmed 200, pending 50, suppressed 0');
  });
});
