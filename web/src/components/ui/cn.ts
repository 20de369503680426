// Joins class names, skipping falsy parts; objects add their keys whose values are true.
export type ClassValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | ClassValue[]
  | { [className: string]: boolean | null | undefined };

export function cn(...inputs: ClassValue[]): string {
  const out: string[] = [];
  const visit = (value: ClassValue): void => {
    if (value === null || value === undefined || value === false || value === true || value === '') return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
    } else if (typeof value === 'object') {
      for (const [key, on] of Object.entries(value)) if (on) out.push(key);
    } else {
      out.push(String(value));
    }
  };
  for (const input of inputs) visit(input);
  return out.join(' ');
}

/** Makes one ref callback out of several, so a component can keep its own ref and still forward the caller's. */
export function mergeRefs<T>(...refs: Array<React.Ref<T> | undefined>): React.RefCallback<T> {
  return (node) => {
    for (const ref of refs) {
      if (typeof ref === 'function') ref(node);
      else if (ref) (ref as React.RefObject<T | null>).current = node;
    }
  };
}
