/** A short random id for this realm's hook; it changes with every new document or worker. */
export function newRealmId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
