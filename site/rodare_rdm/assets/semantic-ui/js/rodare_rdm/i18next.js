// i18next for RODARE's own React components (js/rodare_rdm/): English keys, German
// from translations/de.json. Like InvenioRDM's instances it follows the page's <html lang>,
// which the language switch sets. tests (site/tests/theme) check every key has its German.
import i18n from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import { initReactI18next } from "react-i18next";
import de from "./translations/de.json";

const i18next = i18n.createInstance();
i18next
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    fallbackLng: "en",
    returnEmptyString: false,
    keySeparator: false,
    nsSeparator: false,
    resources: { de: { translation: de } },
    detection: { order: ["htmlTag"], caches: [] },
  });

export { i18next };
