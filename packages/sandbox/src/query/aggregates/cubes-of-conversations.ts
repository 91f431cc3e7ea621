/**
 * A day cube straight from the day's simulated conversations, without materialising an {@link Emission} object per
 * metric (emissionsOf): the rows are read in the same order emissionsOf gives them (conversation, participant,
 * session, metric), with the same dimensions, so the cube is the one buildDayCube makes of `flatMap(emissionsOf)`
 * (the oracle test compares them), at a fraction of the cost and with no per-day emission array kept in memory.
 */
import type { Emission, SimConversation } from '../../model.js';
import type { OrgStore } from '../../store.js';
import { buildDayCube, CubeRows, type DayCube, type TupleTable } from './cubes.js';

export function buildDayCubeOf(conversations: readonly SimConversation[], tuples: TupleTable): DayCube {
  let n = 0;
  for (const c of conversations) for (const p of c.participants) for (const s of p.sessions) n += s.metrics.length;
  const rows = new CubeRows(n);
  for (const c of conversations) {
    for (const p of c.participants) {
      for (const s of p.sessions) {
        if (s.metrics.length === 0) continue;
        const session = tuples.session({
          mediaType: s.mediaType,
          direction: s.direction,
          originatingDirection: c.originatingDirection,
          purpose: p.purpose,
          divisionId: c.divisionId,
          ...(p.userId !== undefined ? { userId: p.userId } : {}),
        });
        // A session's metrics mostly share their queue and wrap-up code: intern only when they change.
        let tuple = -1;
        let queueId: string | undefined;
        let wrapUpCode: string | undefined;
        for (const m of s.metrics) {
          if (tuple < 0 || m.queueId !== queueId || m.wrapUpCode !== wrapUpCode) {
            queueId = m.queueId;
            wrapUpCode = m.wrapUpCode;
            tuple = tuples.internIn(session, queueId, wrapUpCode);
          }
          rows.add(m.emit, tuple, m.name, m.value);
        }
      }
    }
  }
  return rows.build();
}

/** How an engine gets the cube of a day from its store. */
export type DayCubeBuilder = (store: OrgStore, day: number, tuples: TupleTable) => DayCube;

/** What the server uses: straight from the simulated conversations. */
export const cubeFromConversations: DayCubeBuilder = (store, day, tuples) => buildDayCubeOf(store.conversationsOfDay(day), tuples);

/** The earlier path, kept for the benchmark's "before" column: through the day's materialised emissions. */
export const cubeFromEmissions: DayCubeBuilder = (store, day, tuples) => buildDayCube(store.emissionsOfDay(day), tuples);
