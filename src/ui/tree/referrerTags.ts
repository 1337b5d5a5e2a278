// Tags of the OCI referrers tag schema (`sha256-<64 hex>`: the referrers list of the manifest with
// digest `sha256:<hex>`, kept by clients where a registry has no referrers API). Told apart by the
// typed tag name and the spec's pattern only. No vscode import.

const REFERRERS_TAG = /^sha256-[a-f0-9]{64}$/;

/** The subject digest a referrers-schema tag name stands for, or undefined for any other tag. */
export function referrersTagSubject(tagName: string): string | undefined {
  return REFERRERS_TAG.test(tagName) ? `sha256:${tagName.slice('sha256-'.length)}` : undefined;
}

/**
 * Splits tags into ordinary ones and referrers-schema ones whose subject is not the manifest of an
 * ordinary tag (`digestOf` gives what is known of each tag's digest). Referrers-schema tags whose
 * subject is listed are left out of both: they show under that subject.
 */
export function referrerTagGroups<T extends { tag: { name: string } }>(tags: readonly T[], digestOf: (tag: T) => string | undefined): { ordinary: T[]; unmatched: T[] } {
  const ordinary = tags.filter((t) => referrersTagSubject(t.tag.name) === undefined);
  const subjects = new Set(ordinary.map(digestOf).filter((d): d is string => d !== undefined));
  const unmatched = tags.filter((t) => {
    const subject = referrersTagSubject(t.tag.name);
    return subject !== undefined && !subjects.has(subject);
  });
  return { ordinary, unmatched };
}
