/** 重点关注名单公示期调整提醒 (厦门办法第二十八条): the case loop running its entry. */
import {
  keyAttentionType,
  type KeyAttentionCase,
  type KeyAttentionInput,
} from '../domain/cases/key-attention';
import { runCase, type CarryOver } from './case-loop';

export async function keyAttentionWorkflow(input: KeyAttentionInput, carried?: CarryOver<KeyAttentionCase>) {
  return runCase(keyAttentionType, input, carried);
}
