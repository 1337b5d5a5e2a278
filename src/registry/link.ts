// RFC 8288 `Link` headers as registries use them for paging (distribution spec: "Listing Tags" / catalog).

const MAX_LINK_HEADER = 16 * 1024;

/** Splits on commas that are outside `<…>` and quoted strings. Linear in the header length. */
function splitLinks(header: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let inAngle = false;
  let inQuote = false;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === '"') inQuote = false;
    } else if (inAngle) {
      if (c === '>') inAngle = false;
    } else if (c === '<') inAngle = true;
    else if (c === '"') inQuote = true;
    else if (c === ',') {
      parts.push(header.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(header.slice(start));
  return parts;
}

function relationsOf(params: string): string[] {
  const match = /(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
  if (!match) return [];
  return (match[1] ?? match[2]).toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * The absolute URL of the `rel="next"` link, resolved against `requestUrl`, or undefined when there is
 * none, it is malformed, or it points at another origin (a registry must not send us elsewhere with our
 * credentials).
 */
export function nextLinkUrl(linkHeader: string | null | undefined, requestUrl: string): string | undefined {
  if (!linkHeader || linkHeader.length > MAX_LINK_HEADER) return undefined;
  let base: URL;
  try {
    base = new URL(requestUrl);
  } catch {
    return undefined;
  }
  for (const part of splitLinks(linkHeader)) {
    const match = /^\s*<([^>]*)>(.*)$/s.exec(part);
    if (!match || !relationsOf(match[2]).includes('next')) continue;
    let target: URL;
    try {
      target = new URL(match[1].trim(), base);
    } catch {
      return undefined;
    }
    if (target.origin !== base.origin) return undefined;
    return target.toString();
  }
  return undefined;
}
