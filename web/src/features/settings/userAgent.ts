// Words for a session's User-Agent ("Firefox on Linux"), so the sessions list names devices
// the way people know them rather than as a raw header.

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\bChrome\/|\bCriOS\//, 'Chrome'],
  [/\bSafari\//, 'Safari'],
  [/\bcurl\//, 'curl'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

export interface Device {
  /** "Firefox on Linux", or the raw value cut short when nothing is recognised. */
  name: string;
  mobile: boolean;
}

export function describeUserAgent(ua: string | null | undefined): Device {
  const text = (ua ?? '').trim();
  if (!text) return { name: 'Unknown device', mobile: false };
  const browser = BROWSERS.find(([re]) => re.test(text))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(text))?.[1];
  const mobile = /\b(Mobile|Android|iPhone|iPad)\b/.test(text);
  if (browser && system) return { name: `${browser} on ${system}`, mobile };
  if (browser || system) return { name: (browser ?? system)!, mobile };
  return { name: text.length > 40 ? `${text.slice(0, 40)}…` : text, mobile };
}
