import { useTranslation } from "react-i18next";

import { ProductMark } from "../shared/ProductMark";
import { SCREENS, useNavigation } from "./navigation";

export function Sidebar({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const { t } = useTranslation();
  const { route, navigate } = useNavigation();
  return (
    <nav className="sidebar" aria-label={t("nav.menu")}>
      <div className="sidebar-brand">
        <ProductMark size={28} />
        <span>{t("product")}</span>
      </div>
      <ul className="sidebar-items">
        {SCREENS.map((screen, index) => (
          <li key={screen}>
            <button
              type="button"
              className="sidebar-item"
              data-testid={`nav-${screen}`}
              aria-current={route.screen === screen ? "page" : undefined}
              aria-keyshortcuts={`Alt+${index + 1}`}
              onClick={() => navigate({ screen })}
            >
              {t(`nav.${screen}`)}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="sidebar-footer-button" onClick={onShowShortcuts} aria-keyshortcuts="Shift+?">
        {t("shortcuts.open")} <kbd>?</kbd>
      </button>
    </nav>
  );
}
