import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '../../../contract/api.ts';
import { ApiError, get, setCsrfToken } from '../../api/client.ts';
import { setLanguage } from '../../i18n/index.ts';

/** The signed-in user, or null when signed out. The server's saved language wins after sign-in. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        const me = await get<Me>('/api/me');
        acceptMe(me);
        return me;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw err;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function acceptMe(me: Me) {
  setCsrfToken(me.csrfToken);
  setLanguage(me.locale);
}

export function useSetMe() {
  const qc = useQueryClient();
  return (me: Me | null) => {
    if (me) acceptMe(me);
    else setCsrfToken(null);
    qc.setQueryData(['me'], me);
  };
}
