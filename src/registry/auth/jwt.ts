// Reads the `exp` claim of a JWT without verifying it: only to know when to stop reusing a token.

/** Expiry in ms since the epoch, or undefined when `token` is not a JWT with a numeric `exp`. */
export function jwtExpiryMs(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1].length > 16 * 1024) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
