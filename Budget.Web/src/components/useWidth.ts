import { useLayoutEffect, useRef, useState } from 'react';

/** The pixel width of an element, kept up to date: charts lay out at it so their text stays readable on a phone. */
export function useWidth<T extends HTMLElement>(initial = 320, minimum = 280) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(initial);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(minimum, element.clientWidth));
    measure();
    const observer = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(measure) : null;
    observer?.observe(element);
    return () => observer?.disconnect();
  }, [minimum]);
  return [ref, width] as const;
}
