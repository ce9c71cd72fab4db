import { useEffect, useState } from 'react';

export interface ChartColors {
  income: string;
  expense: string;
  grid: string;
  text: string;
  surface: string;
  series: string[];
}

function read(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const value = (name: string) => style.getPropertyValue(name).trim();
  const dark = document.documentElement.dataset.theme === 'dark';
  return {
    income: value('--income') || '#059669',
    expense: value('--expense') || '#e11d48',
    grid: value('--border') || '#e3e8f0',
    text: value('--muted') || '#64748b',
    surface: value('--surface') || '#fff',
    series: dark
      ? ['#818cf8', '#22d3ee', '#fbbf24', '#fb7185', '#64748b']
      : ['#4f46e5', '#0891b2', '#d97706', '#e11d48', '#94a3b8'],
  };
}

/** SVG charts need concrete colours; these follow the theme as it changes. */
export function useChartColors(): ChartColors {
  const [colors, setColors] = useState(read);
  useEffect(() => {
    const observer = new MutationObserver(() => setColors(read()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return colors;
}
