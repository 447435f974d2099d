import { Modal, type ModalProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CONTRAST_VARS } from './contrast.ts';

/**
 * Mantine's Modal with a labelled close button. A modal renders in a portal, outside the page
 * whose root sets the AA-contrast colours, so every dialog sets them itself.
 */
export function Dialog(props: ModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      {...props}
      style={{ ...CONTRAST_VARS, ...(props.style as object) }}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    />
  );
}
