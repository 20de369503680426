import { formatBytes, formatFullDate, formatStamp, formatTime } from './format';

const opts = { locale: 'en-US', timeZone: 'UTC' };
const NOW = Date.UTC(2025, 5, 3, 15, 0);

describe('formatBytes', () => {
  it('counts in powers of 1024 with one decimal below ten', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(3)).toBe('3 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(-1)).toBe('');
  });
});

describe('message times', () => {
  it('says today and yesterday, else the date', () => {
    expect(formatTime(Date.UTC(2025, 5, 3, 14, 5), opts)).toBe('2:05 PM');
    expect(formatStamp(Date.UTC(2025, 5, 3, 9, 30), NOW, opts)).toBe('Today at 9:30 AM');
    expect(formatStamp(Date.UTC(2025, 5, 2, 23, 59), NOW, opts)).toBe('Yesterday at 11:59 PM');
    expect(formatStamp(Date.UTC(2025, 4, 20, 8, 0), NOW, opts)).toMatch(/^5\/20\/25,? 8:00 AM$/);
    // Days are the viewer's: 02:00 UTC is still the evening before in New York.
    const ny = { locale: 'en-US', timeZone: 'America/New_York' };
    expect(formatStamp(Date.UTC(2025, 5, 2, 3, 0), Date.UTC(2025, 5, 3, 2, 0), ny)).toBe('Yesterday at 11:00 PM');
    expect(formatFullDate(Date.UTC(2025, 5, 3, 14, 5), opts)).toMatch(/Tuesday, June 3, 2025.*2:05 PM/);
  });
});
