import { useQueryClient } from '@tanstack/react-query';

/**
 * A function that refetches every query whose key starts with `queryKey`: each feature starts its
 * keys with its own name, so one call refreshes whatever an action changed.
 */
export function useInvalidate(queryKey: readonly unknown[]) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey });
}
