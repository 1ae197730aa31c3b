import { useEffect, useState } from 'react';

/** Loads `load()` whenever `key` changes; `data` is undefined while loading. */
export function useFetch<T>(key: string, load: () => Promise<T>): { data?: T; error?: Error } {
  const [state, setState] = useState<{ key: string; data?: T; error?: Error }>({ key });
  useEffect(() => {
    let live = true;
    setState({ key });
    load().then(
      (data) => live && setState({ key, data }),
      (error: Error) => live && setState({ key, error }),
    );
    return () => {
      live = false;
    };
    // load is a new closure every render; the key says when it means something new.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state.key === key ? state : {};
}
