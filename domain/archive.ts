/**
 * Application materials of queries (查询申请材料, 厦门查询规则第七、十三条): kept five years by a designated
 * custodian; reading them needs the supervisor's (市公共信用主管部门) grant. Pure: dates are arguments.
 */
import { addMonths } from './records';

/** 第十三条: 保管期限为五年. */
export const MATERIALS_RETENTION_MONTHS = 5 * 12;

/** 第七条: what an in-person authorized query brings (a person, or an organisation through its agent). */
export const MATERIAL_KINDS = [
  'id-card', // 居民身份证原件 (copy kept)
  'power-of-attorney', // 委托书 / 授权委托书
  'application-form', // 授权查询申请表
  'business-license', // 商事主体登记或其他身份登记证件复印件
  'agent-id-card', // 代理人身份证
] as const;

export type MaterialKind = (typeof MATERIAL_KINDS)[number];

/** The last day the materials must be kept, counted like every period here (民法典 第二百零一、二百零二条). */
export function materialsRetainUntil(receivedOn: string): string {
  return addMonths(receivedOn, MATERIALS_RETENTION_MONTHS);
}

export interface ArchiveGrant {
  userId: string;
  /** Last day the grant may be used (Asia/Shanghai). */
  expiresOn: string;
}

/**
 * 第十三条: 无市公共信用主管部门授权，任何人不得擅自查询、借阅和复制档案资料. The supervisor grants (and so may read);
 * anyone else needs a grant of theirs, for these materials, still running today.
 */
export function mayReadArchive(
  reader: { id: string; role: string },
  grants: readonly ArchiveGrant[],
  today: string,
): boolean {
  if (reader.role === 'supervisor') return true;
  return grants.some((g) => g.userId === reader.id && today <= g.expiresOn);
}
