/**
 * Kazakhstan's IANA zones, Almaty first (the default). Since March 2024 the whole country keeps
 * UTC+5, but the zones stay distinct names in the tz database; the desk stores the name.
 */
export const KZ_TIME_ZONES = [
  'Asia/Almaty',
  'Asia/Qostanay',
  'Asia/Aqtobe',
  'Asia/Aqtau',
  'Asia/Atyrau',
  'Asia/Oral',
  'Asia/Qyzylorda',
] as const;

export const DEFAULT_TIME_ZONE = 'Asia/Almaty';
