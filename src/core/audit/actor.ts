/** Who did something, and where: every write that is audited names both. */
export interface Actor {
  operatorId: string;
  deskId: string;
}
