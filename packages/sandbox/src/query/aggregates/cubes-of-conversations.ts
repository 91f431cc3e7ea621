/**
 * A day cube straight from the day's simulated conversations, without materialising an {@link Emission} object per
 * metric (emissionsOf): the rows are read in the same order emissionsOf gives them (conversation, participant,
 * session, metric), with the same dimensions, so the cube is the one buildDayCube makes of `flatMap(emissionsOf)`
 * (the oracle test compares them), at a fraction of the cost and with no per-day emission array kept in memory.
 */
import type { Emission, SimConversation } from '../../model.js';
import { CubeRows, sessionKey, type DayCube, type TupleTable } from './cubes.js';

export function buildDayCubeOf(conversations: readonly SimConversation[], tuples: TupleTable): DayCube {
  let n = 0;
  for (const c of conversations) for (const p of c.participants) for (const s of p.sessions) n += s.metrics.length;
  const rows = new CubeRows(n);
  for (const c of conversations) {
    for (const p of c.participants) {
      for (const s of p.sessions) {
        if (s.metrics.length === 0) continue;
        const session = {
          mediaType: s.mediaType,
          direction: s.direction,
          originatingDirection: c.originatingDirection,
          purpose: p.purpose,
          divisionId: c.divisionId,
          userId: p.userId,
        } satisfies Partial<Emission>;
        const key = sessionKey(session.mediaType, session.direction, session.originatingDirection, session.purpose, session.divisionId, session.userId);
        // A session's metrics mostly share their queue and wrap-up code: intern only when they change.
        let tuple = -1;
        let queueId: string | undefined;
        let wrapUpCode: string | undefined;
        for (const m of s.metrics) {
          if (tuple < 0 || m.queueId !== queueId || m.wrapUpCode !== wrapUpCode) {
            queueId = m.queueId;
            wrapUpCode = m.wrapUpCode;
            tuple = tuples.internParts(key, session, queueId, wrapUpCode);
          }
          rows.add(m.emit, tuple, m.name, m.value);
        }
      }
    }
  }
  return rows.build();
}
