// Placeholder replaced below.
export const PXVIEWS_SOURCE = '';
