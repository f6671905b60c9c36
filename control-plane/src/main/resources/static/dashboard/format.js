// How numbers, times and digests read on the dashboard.

const UNITS = [
  ['d', 24 * 3600],
  ['h', 3600],
  ['min', 60],
  ['s', 1],
];

/** "just now", "12 s ago", "3 min ago", "in 5 s"; an absent time reads as "never". */
export function relativeTime(iso, now = Date.now()) {
  if (!iso) {
    return 'never';
  }
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (Number.isNaN(seconds)) {
    return String(iso);
  }
  if (Math.abs(seconds) < 3) {
    return 'just now';
  }
  const [unit, size] = UNITS.find(([, size]) => Math.abs(seconds) >= size);
  const amount = Math.floor(Math.abs(seconds) / size);
  return seconds < 0 ? `${amount} ${unit} ago` : `in ${amount} ${unit}`;
}

/** The local date and time, for tooltips: "2025-05-03 14:02:11". */
export function absoluteTime(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  const pad = (number) => String(number).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Seconds since an ISO time, or Infinity when there is none. */
export function ageSeconds(iso, now = Date.now()) {
  return iso ? (now - Date.parse(iso)) / 1000 : Infinity;
}

/** "850 ms", "4.2 s", "3 min 05 s", "1 h 02 min". */
export function duration(millis) {
  if (millis === null || millis === undefined) {
    return '—';
  }
  if (millis < 1000) {
    return `${millis} ms`;
  }
  const seconds = millis / 1000;
  if (seconds < 60) {
    return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ${String(Math.floor(seconds % 60)).padStart(2, '0')} s`;
  }
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "15.0 KiB", "1.2 MiB". */
export function bytes(count) {
  if (count === null || count === undefined) {
    return '—';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** "sha256:3f2a9c1d0b7e" — the algorithm and the first twelve hex digits. */
export function shortDigest(digest) {
  if (!digest) {
    return '—';
  }
  const [algorithm, hex] = digest.includes(':') ? digest.split(':', 2) : ['', digest];
  return `${algorithm ? algorithm + ':' : ''}${hex.slice(0, 12)}`;
}

/** "1 target", "2 targets". */
export function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
