/** A feature-table note, whose `code spans` (flags, names) show as code. */
export function Note({ text }: { text: string }) {
  const parts = text.split('`');
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}
