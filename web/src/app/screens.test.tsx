import { act, render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { lazyScreen } from './screens';

function Hello() {
  return <p>hello</p>;
}

describe('lazyScreen', () => {
  it('suspends while its chunk loads, then shows the screen', async () => {
    let resolve!: (m: { default: typeof Hello }) => void;
    const Screen = lazyScreen(() => new Promise((r) => (resolve = r)));
    render(
      <Suspense fallback={<p>loading</p>}>
        <Screen />
      </Suspense>,
    );
    expect(screen.getByText('loading')).toBeTruthy();
    await act(async () => resolve({ default: Hello }));
    expect(await screen.findByText('hello')).toBeTruthy();
  });

  it('renders at once, without the fallback, once preloaded', async () => {
    const load = vi.fn(async () => ({ default: Hello }));
    const Screen = lazyScreen(load);
    await Screen.preload();
    await Screen.preload(); // one fetch, however often it is asked for
    expect(load).toHaveBeenCalledTimes(1);
    render(
      <Suspense fallback={<p>loading</p>}>
        <Screen />
      </Suspense>,
    );
    expect(screen.queryByText('loading')).toBeNull();
    expect(screen.getByText('hello')).toBeTruthy();
  });

  it('tries a failed chunk again on the next preload', async () => {
    const load = vi
      .fn<() => Promise<{ default: typeof Hello }>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValue({ default: Hello });
    const Screen = lazyScreen(load);
    await expect(Screen.preload()).rejects.toThrow('offline');
    await Screen.preload();
    expect(load).toHaveBeenCalledTimes(2);
  });
});
