import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isKnownErrorCode } from '../api/error-codes.ts';

/**
 * The one table from error code to words: every known code has a translated message, anything
 * else reads "Something went wrong (CODE)" so the code still reaches IT.
 */
export function useErrorText(): (code: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (code: string) => (isKnownErrorCode(code) ? t(`errors.${code}`) : t('errors.generic', { code })),
    [t],
  );
}
