import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json' with { type: 'json' };
import es from './es-MX.json' with { type: 'json' };

const STORAGE_KEY = 'calidad.lang';
const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);

void i18n.use(initReactI18next).init({
  resources: { es: { translation: es }, en: { translation: en } },
  lng: saved === 'en' ? 'en' : 'es',
  fallbackLng: 'es',
  interpolation: { escapeValue: false },
});

/** Switches the UI language, remembers it on this device and marks up the document. */
export function setLanguage(lang: 'es' | 'en') {
  void i18n.changeLanguage(lang);
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang === 'es' ? 'es-MX' : 'en';
}

document.documentElement.lang = i18n.language === 'en' ? 'en' : 'es-MX';

export default i18n;
