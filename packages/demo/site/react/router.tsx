// A router small enough to read: the location in state, pushState to move, <Link> for anchors.
import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';

/** Moves to `url` without a page load and tells every useLocation() about it. */
export function navigate(url: string): void {
  history.pushState(null, '', url);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** The current location; re-renders on navigate() and on back/forward. */
export function useLocation(): { pathname: string; query: URLSearchParams } {
  const [href, setHref] = useState(location.href);
  useEffect(() => {
    const update = () => {
      setHref(location.href);
      window.scrollTo(0, 0);
    };
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  const url = new URL(href);
  return { pathname: url.pathname, query: url.searchParams };
}

/** An anchor that navigates on the client (and still works with a modifier key or middle click). */
export function Link(props: { href: string; className?: string; children: ReactNode }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(props.href);
  };
  return (
    <a href={props.href} className={props.className} onClick={onClick}>
      {props.children}
    </a>
  );
}
