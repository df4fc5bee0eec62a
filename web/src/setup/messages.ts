// The server's messages about a field (server/*/schemas.ts and the constraints of
// server/db/errors.ts) in the reader's language; one it does not know is shown as the server wrote it.
import { t, type MessageKey } from '../i18n/index.js';

const known: Record<string, MessageKey> = {
  required: 'msg.required',
  'must not be empty': 'msg.empty',
  'must be at least 8 characters': 'msg.passwordShort',
  'must be at most 200 characters': 'msg.passwordLong',
  'must be 1 to 50 characters': 'msg.usernameLength',
  'letters, digits and . _ @ - only': 'msg.usernameChars',
  'this username is taken': 'msg.usernameTaken',
  'required for the partner role': 'msg.partnerRequired',
  'only for the partner role': 'msg.partnerOnly',
  'required for the projectionist role': 'msg.teamRequired',
  'a partner with this name exists': 'msg.partnerTaken',
  'this partner already has a team with this name': 'msg.teamTaken',
  'must be a phone number': 'msg.phone',
  'no such village': 'msg.noVillage',
  'no such partner': 'msg.noPartner',
  'must be a whole number of minutes': 'msg.minutes',
  'must be between 1 and 1000': 'msg.minutesRange',
  'not your own account': 'msg.notSelf',
  'the last admin': 'msg.lastAdmin',
  'overlaps another contract of this partner for this county': 'msg.overlap',
  'no such county': 'msg.noCounty',
  'no such county in your area': 'msg.noCountyInArea',
  'must be the from month or later': 'msg.toBeforeFrom',
  'must be a month as YYYY-MM': 'msg.month',
  'no such area': 'msg.noArea',
  'only for the bureau role': 'msg.bureauOnly',
};

export const fieldMessage = (message: string): string => (message in known ? t(known[message]!) : message);
