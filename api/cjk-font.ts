import fs from 'node:fs';

/**
 * The CJK font credit-report PDFs embed. Looked up among Debian's font packages (or REPORT_FONT_PATH with
 * REPORT_FONT_NAME for a collection); a missing font is an operator's problem, named with its remedy.
 */
export interface CjkFont {
  path: string;
  /** The PostScript name of the face inside a .ttc collection; null for a single-face file. */
  postscriptName: string | null;
}

const DEBIAN_FONTS: (CjkFont & { pkg: string })[] = [
  {
    pkg: 'fonts-wqy-microhei',
    path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
    postscriptName: 'WenQuanYiMicroHei',
  },
  {
    pkg: 'fonts-wqy-zenhei',
    path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
    postscriptName: 'WenQuanYiZenHei',
  },
  {
    pkg: 'fonts-noto-cjk',
    path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    postscriptName: 'NotoSansCJKsc-Regular',
  },
];

export class MissingFontError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingFontError';
  }
}

export function cjkFont(env: NodeJS.ProcessEnv, exists: (p: string) => boolean = fs.existsSync): CjkFont {
  const configured = env.REPORT_FONT_PATH;
  if (configured !== undefined) {
    if (!exists(configured))
      throw new MissingFontError(`REPORT_FONT_PATH names ${configured}, which does not exist`);
    return { path: configured, postscriptName: env.REPORT_FONT_NAME ?? null };
  }
  const found = DEBIAN_FONTS.find((f) => exists(f.path));
  if (!found) {
    throw new MissingFontError(
      'No CJK font for credit-report PDFs: install one (apt-get install -y fonts-wqy-microhei) or set ' +
        `REPORT_FONT_PATH. Looked for ${DEBIAN_FONTS.map((f) => f.path).join(', ')}`,
    );
  }
  return { path: found.path, postscriptName: found.postscriptName };
}
