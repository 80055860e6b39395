/** OGC items: features a page holds unless `limit` says otherwise, and at most (a larger limit is capped, as the standard says). */
export const OGC_LIMIT = { default: 1000, maximum: 10_000 } as const;
