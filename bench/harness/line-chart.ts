/**
 * A curve (`curve.ts`) as a static SVG line chart: one line per series (ours blue, baselines
 * grey, peers orange), a dot per measured point with its value on hover, the axes labelled with
 * what they measure and their unit, and under the title the machine it was measured on — so
 * the chart still says what it shows when it is copied out of the report.
 *
 * Ticks sit at the measured x values (actor counts, thread counts, batch sizes, percentiles);
 * the y axis is linear from 0 or, for `log`, spans whole decades around the data.
 * It owns the drawing only; the page around it is `report.ts`.
 */
import type { Curve, CurveAxis, CurveSeries } from './curve.js';
import { escapeHtml, shortNumber } from './markup.js';

export interface ChartMachine {
  readonly cores: number;
  readonly cpu: string;
  readonly node: string;
}

const WIDTH = 780;
const HEIGHT = 330;
const LEFT = 70;
const RIGHT = 200;
const TOP = 52;
const BOTTOM = 46;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
const PALETTE = {
  ours: ['#2563eb', '#7c3aed'],
  baseline: ['#6b7280', '#9ca3af'],
  peer: ['#ea580c', '#ca8a04'],
};

/** The value an axis scale puts on a straight line. */
function transform(scale: CurveAxis['scale'], value: number): number {
  switch (scale) {
    case 'linear':
      return value;
    case 'log':
      return Math.log10(Math.max(value, 1e-9));
    case 'nines':
      return -Math.log10(Math.max(1 - value / 100, 1e-6));
  }
}

interface Scale {
  readonly at: (value: number) => number;
  readonly ticks: readonly number[];
}

function xScale(axis: CurveAxis, values: readonly number[]): Scale {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  const low = transform(axis.scale, distinct[0] ?? 0);
  const high = transform(axis.scale, distinct[distinct.length - 1] ?? 1);
  const span = high - low || 1;
  const step = Math.ceil(distinct.length / 10);
  return {
    at: (value) => LEFT + ((transform(axis.scale, value) - low) / span) * PLOT_WIDTH,
    ticks: distinct.filter((_, index) => index % step === 0 || index === distinct.length - 1),
  };
}

function yScale(axis: CurveAxis, values: readonly number[]): Scale {
  const positive = values.filter((value) => value > 0);
  if (axis.scale === 'log' && positive.length > 0) {
    const low = Math.floor(Math.log10(Math.min(...positive)));
    const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...positive))));
    const ticks: number[] = [];
    for (let decade = low; decade <= high; decade++)
      for (const factor of high - low > 3 ? [1] : [1, 2, 5])
        if (decade + Math.log10(factor) <= high) ticks.push(factor * 10 ** decade);
    return {
      at: (value) =>
        TOP + PLOT_HEIGHT - ((Math.log10(Math.max(value, 1e-9)) - low) / (high - low)) * PLOT_HEIGHT,
      ticks,
    };
  }
  const top = Math.max(...values, 0) * 1.1 || 1;
  const rough = top / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((factor) => factor * magnitude >= rough) ?? 10) * magnitude;
  const ticks: number[] = [];
  for (let tick = 0; tick <= top; tick += step) ticks.push(tick);
  return { at: (value) => TOP + PLOT_HEIGHT - (value / top) * PLOT_HEIGHT, ticks };
}

const xLabel = (axis: CurveAxis, value: number) =>
  axis.scale === 'nines' ? `p${value}` : `${shortNumber(value)}`;

function seriesMarkup(curve: Curve, line: CurveSeries, index: number, x: Scale, y: Scale): string {
  const sameRole = curve.series.filter((other) => other.role === line.role);
  const colours = PALETTE[line.role];
  const colour = colours[sameRole.indexOf(line) % colours.length] as string;
  const points = line.points.map((point) => `${x.at(point.x).toFixed(1)},${y.at(point.y).toFixed(1)}`);
  const dots = line.points.map((point) => {
    const hover = `${line.name}: ${xLabel(curve.x, point.x)} ${curve.x.scale === 'nines' ? '' : curve.x.unit} → ${shortNumber(point.y)} ${curve.y.unit}${point.note ? ` (${point.note})` : ''}`;
    return `<circle cx="${x.at(point.x).toFixed(1)}" cy="${y.at(point.y).toFixed(1)}" r="3.5" fill="${colour}"><title>${escapeHtml(hover)}</title></circle>`;
  });
  const legendY = TOP + 8 + index * 18;
  return `<g class="series" data-series="${escapeHtml(line.name)}" data-role="${line.role}">
<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>${dots.join('')}
<rect x="${WIDTH - RIGHT + 14}" y="${legendY - 8}" width="12" height="10" fill="${colour}"/>
<text x="${WIDTH - RIGHT + 30}" y="${legendY + 1}" class="legend">${escapeHtml(line.name.slice(0, 30))}</text></g>`;
}

/** The chart of one curve; `machine` is named under its title. */
export function lineChart(curve: Curve, machine: ChartMachine): string {
  const points = curve.series.flatMap((line) => line.points);
  const x = xScale(
    curve.x,
    points.map((point) => point.x),
  );
  const y = yScale(
    curve.y,
    points.map((point) => point.y),
  );
  const bottom = TOP + PLOT_HEIGHT;
  // Labels closer than this to the previous one are left out (p1, p10, p25 bunch up on `nines`).
  let lastLabel = Number.NEGATIVE_INFINITY;
  const xTicks = x.ticks
    .filter((tick) => {
      if (x.at(tick) - lastLabel < 30) return false;
      lastLabel = x.at(tick);
      return true;
    })
    .map(
      (tick) =>
        `<line x1="${x.at(tick).toFixed(1)}" x2="${x.at(tick).toFixed(1)}" y1="${TOP}" y2="${bottom}" class="grid"/><text x="${x.at(tick).toFixed(1)}" y="${bottom + 14}" class="axis mid">${escapeHtml(xLabel(curve.x, tick))}</text>`,
    )
    .join('');
  const yTicks = y.ticks
    .map(
      (tick) =>
        `<line x1="${LEFT}" x2="${LEFT + PLOT_WIDTH}" y1="${y.at(tick).toFixed(1)}" y2="${y.at(tick).toFixed(1)}" class="grid"/><text x="${LEFT - 6}" y="${(y.at(tick) + 4).toFixed(1)}" class="axis end">${shortNumber(tick)}</text>`,
    )
    .join('');
  const machineLine = `${machine.cores} cores · ${machine.cpu} · Node ${machine.node}`;
  const series = curve.series.map((line, index) => seriesMarkup(curve, line, index, x, y)).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart curve" data-curve="${escapeHtml(curve.id)}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(curve.title)}">
<title>${escapeHtml(`${curve.title} — ${curve.measures}`)}</title>
<style>.title{font:600 13px sans-serif;fill:#222}.machine,.axis,.legend,.axis-label{font:11px sans-serif;fill:#555}.mid{text-anchor:middle}.end{text-anchor:end}.grid{stroke:#eee}.frame{fill:none;stroke:#bbb}</style>
<text x="${LEFT}" y="18" class="title">${escapeHtml(curve.title)}</text>
<text x="${LEFT}" y="34" class="machine">${escapeHtml(`measured on ${machineLine}`)}</text>
${yTicks}${xTicks}<rect x="${LEFT}" y="${TOP}" width="${PLOT_WIDTH}" height="${PLOT_HEIGHT}" class="frame"/>
<text x="${LEFT + PLOT_WIDTH / 2}" y="${HEIGHT - 8}" class="axis-label mid">${escapeHtml(`${curve.x.label}${curve.x.scale === 'nines' ? '' : ` (${curve.x.unit}${curve.x.scale === 'log' ? ', log scale' : ''})`}`)}</text>
<text transform="translate(14 ${TOP + PLOT_HEIGHT / 2}) rotate(-90)" class="axis-label mid">${escapeHtml(`${curve.y.label} (${curve.y.unit}${curve.y.scale === 'log' ? ', log scale' : ''})`)}</text>
${series}
</svg>`;
}
