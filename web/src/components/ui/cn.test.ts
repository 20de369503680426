import { createRef } from 'react';
import { cn, mergeRefs } from './cn';

describe('cn', () => {
  it('joins truthy parts, flattens arrays and reads objects', () => {
    expect(cn('a', false, null, undefined, '', 'b', ['c', ['d', false]], { e: true, f: false }, 0)).toBe('a b c d e 0');
  });
});

describe('mergeRefs', () => {
  it('sets object refs and calls callback refs', () => {
    const obj = createRef<string>();
    const calls: Array<string | null> = [];
    const merged = mergeRefs<string>(obj, (v) => void calls.push(v), undefined);
    merged('x');
    expect(obj.current).toBe('x');
    expect(calls).toEqual(['x']);
  });
});
