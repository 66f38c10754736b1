/** Freezes a model recursively (Maps included, whose mutators are disabled), so engines cannot change it. */
export function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (value instanceof Map) {
    for (const [k, v] of value) {
      deepFreeze(k, seen);
      deepFreeze(v, seen);
    }
    const frozenMap = value as Map<unknown, unknown>;
    const refuse = () => {
      throw new TypeError('the topology model is immutable');
    };
    Object.defineProperties(frozenMap, { set: { value: refuse }, delete: { value: refuse }, clear: { value: refuse } });
  } else {
    for (const v of Object.values(value)) deepFreeze(v, seen);
  }
  return Object.freeze(value);
}
