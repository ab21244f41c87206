import type { Child } from "hono/jsx";
import { LANGUAGES, LANGUAGE_NAMES, type Translator } from "../i18n/index.js";
import { assetUrl } from "./assets.js";

/** What every portal page passes to the layout. */
export interface PageContext {
  t: Translator;
  /** Path and query of the current request, for the language links. */
  currentUrl: URL;
  /** Shows the demo-data banner when true. */
  isDemo: boolean;
}

/** Returns the current URL with `lang` set, as the target of a language link. */
export function languageLink(currentUrl: URL, language: string): string {
  const target = new URL(currentUrl);
  target.searchParams.set("lang", language);
  return `${target.pathname}${target.search}`;
}

/** The page frame: skip link, header with language switch, demo banner, main, footer. */
export function Layout(props: PageContext & { title: string; children: Child }) {
  const { t, currentUrl, isDemo, title, children } = props;
  return (
    <html lang={t.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t.messages.siteName}`}</title>
        <link rel="stylesheet" href={assetUrl("portal.css")} />
        {/* No icon yet: an empty one keeps browsers from requesting /favicon.ico. */}
        <link rel="icon" href="data:," />
        <script src={assetUrl("portal.js")} defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t.messages.skipToContent}
        </a>
        <header class="site-header">
          <a class="site-name" href="/">
            {t.messages.siteName}
          </a>
          <nav aria-label={t.messages.languageSwitch} class="languages">
            <ul>
              {LANGUAGES.map((language) => (
                <li>
                  <a
                    href={languageLink(currentUrl, language)}
                    lang={language}
                    hreflang={language}
                    aria-current={language === t.language ? "true" : undefined}
                  >
                    {LANGUAGE_NAMES[language]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        {isDemo ? (
          <p class="demo-banner" role="note">
            {t.messages.demoBanner}
          </p>
        ) : null}
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>{t.messages.footerData}</p>
        </footer>
      </body>
    </html>
  );
}
