import { SegmentedControl } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../contract/api.ts';
import { patch } from '../api/client.ts';
import { setLanguage } from '../i18n/index.ts';

/** Switches the language at once; signed in, the choice is saved to the account. */
export function LanguageSwitch({ signedIn }: { signedIn: boolean }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const change = async (value: string) => {
    const lang = value === 'en' ? 'en' : 'es';
    setLanguage(lang);
    if (signedIn) {
      const me = await patch<Me>('/api/me', { locale: lang });
      qc.setQueryData(['me'], me);
    }
  };
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('lang.label')}
      value={i18n.language === 'en' ? 'en' : 'es'}
      onChange={(v) => void change(v)}
      data={[
        { value: 'es', label: t('lang.es') },
        { value: 'en', label: t('lang.en') },
      ]}
    />
  );
}
