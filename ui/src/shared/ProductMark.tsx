// The app's mark is icons/icon.svg, the one drawing every app icon is generated from.
import markUrl from "../../../icons/icon.svg";

export function ProductMark({ size }: { size: number }) {
  return <img src={markUrl} width={size} height={size} alt="" aria-hidden="true" />;
}
