// Arrow-key movement in the picker's grid of emoji buttons, as a plain function of the key,
// the position and the grid's shape, so the rules are tested without a DOM.

export type GridMove = number | 'above' | null;

/**
 * Where focus goes from `index` after `key` in a grid of `count` cells, `columns` wide:
 * a new index, 'above' when moving up out of the first row (back to the search field), or
 * null when the key is not a movement (or there is nowhere to go).
 */
export function gridMove(key: string, index: number, count: number, columns: number): GridMove {
  if (count === 0) return null;
  const last = count - 1;
  const rowStart = index - (index % columns);
  switch (key) {
    case 'ArrowRight':
      return index < last ? index + 1 : null;
    case 'ArrowLeft':
      return index > 0 ? index - 1 : null;
    case 'ArrowDown': {
      if (index + columns <= last) return index + columns;
      // From a full row onto a shorter last row: land on its last cell.
      return rowStart + columns <= last ? last : null;
    }
    case 'ArrowUp':
      return index - columns >= 0 ? index - columns : 'above';
    case 'Home':
      return rowStart;
    case 'End':
      return Math.min(rowStart + columns - 1, last);
    case 'PageDown':
      return last;
    case 'PageUp':
      return 0;
    default:
      return null;
  }
}
