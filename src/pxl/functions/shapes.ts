// Hidden classes that outlive the queries using them. V8 holds the hidden class (map) that
// an object reaches by defining its fields only weakly: when no instance is alive at a full
// GC the map is dropped, and with it every optimized function specialised to it. The next
// query then runs those hot loops unoptimized until V8 has re-optimized them (on Q3 of the
// engine bench, whose runs each follow a full GC, about a fifth of the query's time). One
// small instance per hot class, made at module load and kept here, keeps the maps alive.

const kept: object[] = [];

/** Keeps `exemplar`, a small fresh instance of a hot class, alive for the process's life. */
export function keepShape(exemplar: object): void {
  kept.push(exemplar);
}
