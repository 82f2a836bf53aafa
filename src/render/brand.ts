/** The optional identity of a newsletter: `BRAND_COLOR` and `LOGO_URL`. */
export interface Brand {
  /** `#rgb` or `#rrggbb`. */
  color?: string;
  /** An http(s) image, shown about 40 px high in the header band. */
  logoUrl?: string;
}

/** The brand from the configuration (`BRAND_COLOR`, `LOGO_URL`), for every email the newsletter sends. */
export function readBrand(settings: {
  BRAND_COLOR?: string | undefined;
  LOGO_URL?: string | undefined;
}): Brand {
  return {
    ...(settings.BRAND_COLOR ? { color: settings.BRAND_COLOR } : {}),
    ...(settings.LOGO_URL ? { logoUrl: settings.LOGO_URL } : {}),
  };
}

/** What the templates show in the header band; null draws the plain masthead instead. */
export interface BandView {
  color: string;
  /** Black or white, whichever reads better on `color`. */
  textColor: string;
  logoUrl: string | null;
}

/** The band's colour when only a logo is configured: the ink of the masthead. */
const defaultBandColor = '#1a1a1a';

/**
 * The header band for a brand, or null when neither a colour nor a logo is set. The text colour is
 * chosen by WCAG contrast, so any brand colour keeps the newsletter name readable.
 *
 * @example buildBand({ color: '#ffd400' }) // { color: '#ffd400', textColor: '#111111', logoUrl: null }
 */
export function buildBand(brand: Brand | undefined): BandView | null {
  if (!brand?.color && !brand?.logoUrl) return null;
  const color = expandHex(brand.color ?? defaultBandColor);
  const luminance = relativeLuminance(color);
  // Contrast with white is 1.05 / (L + 0.05), with near-black (L ≈ 0.006) (L + 0.05) / 0.056.
  const textColor = 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.056 ? '#ffffff' : '#111111';
  return { color, textColor, logoUrl: brand.logoUrl ?? null };
}

function expandHex(color: string): string {
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(color);
  return (
    short ? `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}` : color
  ).toLowerCase();
}

function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}
