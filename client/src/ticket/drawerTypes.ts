/** The shapes the drawer receives from the board page (see TicketDrawer's props). */
import type { ClientId, UserId } from '@fluxo/shared/ids';
import type { Role } from '@fluxo/shared/roles';
import type { BoardSummary } from '../data/boards';

/** A member of the board, as `boards.get` lists them. */
export type BoardMember = BoardSummary['members'][number];

/** A client of the agency (picker and labels). */
export interface BoardClient {
  readonly id: ClientId;
  readonly name: string;
}

/** The signed-in person. */
export interface DrawerUser {
  readonly id: UserId;
  readonly name: string;
  readonly role: Role;
}

/** Runs a board command, showing its refusal if it is refused; true when it went through. */
export type RunCommand = (command: () => void) => boolean;
