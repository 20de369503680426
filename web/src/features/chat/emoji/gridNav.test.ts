import { gridMove } from './gridNav';

describe('gridMove', () => {
  // 8 columns, 20 cells: rows 0-7, 8-15, 16-19.
  const move = (key: string, index: number) => gridMove(key, index, 20, 8);

  it('moves by one sideways and by a row up and down', () => {
    expect(move('ArrowRight', 0)).toBe(1);
    expect(move('ArrowLeft', 1)).toBe(0);
    expect(move('ArrowDown', 3)).toBe(11);
    expect(move('ArrowUp', 11)).toBe(3);
  });

  it('stops at the ends, leaves upwards to the search field', () => {
    expect(move('ArrowLeft', 0)).toBeNull();
    expect(move('ArrowRight', 19)).toBeNull();
    expect(move('ArrowUp', 5)).toBe('above');
  });

  it('lands on the last cell of a shorter last row', () => {
    expect(move('ArrowDown', 14)).toBe(19);
    expect(move('ArrowDown', 19)).toBeNull();
  });

  it('goes to the row ends with Home and End', () => {
    expect(move('Home', 13)).toBe(8);
    expect(move('End', 9)).toBe(15);
    expect(move('End', 17)).toBe(19);
  });

  it('ignores other keys and empty grids', () => {
    expect(move('a', 3)).toBeNull();
    expect(gridMove('ArrowRight', 0, 0, 8)).toBeNull();
  });
});
