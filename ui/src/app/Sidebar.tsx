import { useTranslation } from "react-i18next";

import { ProductMark } from "../shared/ProductMark";
import { SCREENS, useNavigation } from "./navigation";

/**
 * The side menu: the product, the screens, and at its foot the sync status while all is well
 * (`statusSlot`: the connection banner shows itself there when online, and across the top
 * when offline or when changes wait) and the keyboard shortcuts.
 */
export function Sidebar({ onShowShortcuts, statusSlot }: { onShowShortcuts: () => void; statusSlot: (element: HTMLDivElement | null) => void }) {
  const { t } = useTranslation();
  const { route, navigate } = useNavigation();
  return (
    <div className="sidebar">
      <div className="sidebar-brand">
        <ProductMark size={28} />
        <span>{t("product")}</span>
      </div>
      <nav className="sidebar-nav" aria-label={t("nav.menu")}>
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
      </nav>
      <div ref={statusSlot} className="sidebar-status" />
      <button type="button" className="sidebar-footer-button" onClick={onShowShortcuts} aria-keyshortcuts="Shift+?">
        {t("shortcuts.open")} <kbd>?</kbd>
      </button>
    </div>
  );
}
