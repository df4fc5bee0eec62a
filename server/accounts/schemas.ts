import { z } from 'zod';
import { roles } from '../auth/user.js';
import { paging } from '../http/paging.js';
import { id } from '../http/validate.js';

const role = z.enum(roles, { error: 'must be admin, bureau, partner or projectionist' });
/** The same rule for a new account and a reset. */
const password = z.string().min(8, 'must be at least 8 characters').max(200, 'must be at most 200 characters');

export const userSchemas = {
  Create: z
    .strictObject({
      username: z
        .string()
        .trim()
        .min(1, 'must be 1 to 50 characters')
        .max(50, 'must be 1 to 50 characters')
        .regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits and . _ @ - only'),
      password,
      role,
      partnerId: id.nullish().transform((v) => v ?? null),
      /** A bureau user's area (server/areas/scope.ts); null: the whole deployment. */
      areaId: id.nullish().transform((v) => v ?? null),
      /** A projectionist's one team; its partner is the team's. */
      teamId: id.nullish().transform((v) => v ?? null),
    })
    .superRefine((u, ctx) => {
      if (u.role === 'partner' && u.partnerId === null) ctx.addIssue({ code: 'custom', path: ['partnerId'], message: 'required for the partner role' });
      // A projectionist's company is its team's: a partnerId sent along must name it (./service.ts).
      if (u.role !== 'partner' && u.role !== 'projectionist' && u.partnerId !== null) ctx.addIssue({ code: 'custom', path: ['partnerId'], message: 'only for the partner role' });
      if (u.role === 'projectionist' && u.teamId === null) ctx.addIssue({ code: 'custom', path: ['teamId'], message: 'required for the projectionist role' });
      if (u.role !== 'projectionist' && u.teamId !== null) ctx.addIssue({ code: 'custom', path: ['teamId'], message: 'only for the projectionist role' });
      if (u.role !== 'bureau' && u.areaId !== null) ctx.addIssue({ code: 'custom', path: ['areaId'], message: 'only for the bureau role' });
    }),
  /** What the admin changes of an account: a new password, disabled or enabled again. */
  Patch: z.strictObject({ password: password.optional(), disabled: z.boolean({ error: 'must be true or false' }).optional(), areaId: id.nullable().optional() }),
  ListQuery: z.object({ role: role.optional(), teamId: id.optional(), ...paging }),
};

export type NewUser = z.output<typeof userSchemas.Create>;
export type UserPatch = z.output<typeof userSchemas.Patch>;
export type UserQuery = z.output<typeof userSchemas.ListQuery>;
