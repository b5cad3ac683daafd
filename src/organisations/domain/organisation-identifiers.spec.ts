import {
  normaliseBrin,
  normaliseOrganisationIdentifier,
  validateBrin,
  validateOrganisationIdentifier,
} from './organisation-identifiers';
import { ORGANISATION_KINDS, OrganisationKind } from './organisation-kind';

const BESTUURSNUMMER = 'must be a 5-digit bestuursnummer (bevoegd gezag), e.g. 41234';
const GEMEENTECODE = "must be a CBS gemeentecode: 'GM' followed by 4 digits, e.g. GM0363";
const KVK = 'must be an 8-digit KvK number, e.g. 12345678';
const BRIN = 'must be a BRIN code of 2 digits followed by 2 uppercase letters, e.g. 00AA';

describe('ORGANISATION_KINDS', () => {
  it('lists the four kinds', () => {
    expect(ORGANISATION_KINDS).toEqual(['school_board', 'municipality', 'regional_employer_organisation', 'other']);
  });
});

describe('validateOrganisationIdentifier', () => {
  it.each<[OrganisationKind, string]>([
    ['school_board', '41234'],
    ['school_board', '00001'],
    ['municipality', 'GM0363'],
    ['municipality', 'GM1680'],
    ['regional_employer_organisation', '12345678'],
    ['regional_employer_organisation', '01234567'],
    ['other', '87654321'],
  ])('%s accepts %j', (kind, identifier) => {
    expect(validateOrganisationIdentifier(kind, identifier)).toBeNull();
  });

  it.each<[OrganisationKind, string, string]>([
    ['school_board', '4123', BESTUURSNUMMER],
    ['school_board', '412345', BESTUURSNUMMER],
    ['school_board', '4123a', BESTUURSNUMMER],
    ['school_board', '', BESTUURSNUMMER],
    ['municipality', 'GM363', GEMEENTECODE],
    ['municipality', 'GM03630', GEMEENTECODE],
    ['municipality', '0363', GEMEENTECODE],
    ['municipality', 'XX0363', GEMEENTECODE],
    ['regional_employer_organisation', '1234567', KVK],
    ['regional_employer_organisation', '123456789', KVK],
    ['regional_employer_organisation', '1234567A', KVK],
    ['other', '', KVK],
  ])('%s rejects %j', (kind, identifier, reason) => {
    expect(validateOrganisationIdentifier(kind, identifier)).toBe(reason);
  });

  it.each<[OrganisationKind, string, string]>([
    ['municipality', '12345678', `${GEMEENTECODE} (the value looks like a KvK number, which is not used for organisations of kind 'municipality')`],
    ['school_board', 'GM0363', `${BESTUURSNUMMER} (the value looks like a CBS gemeentecode, which is not used for organisations of kind 'school_board')`],
    ['school_board', '12345678', `${BESTUURSNUMMER} (the value looks like a KvK number, which is not used for organisations of kind 'school_board')`],
    ['other', '41234', `${KVK} (the value looks like a bestuursnummer, which is not used for organisations of kind 'other')`],
    ['regional_employer_organisation', 'GM0363', `${KVK} (the value looks like a CBS gemeentecode, which is not used for organisations of kind 'regional_employer_organisation')`],
  ])('%s given another register\'s number %j says so', (kind, identifier, reason) => {
    expect(validateOrganisationIdentifier(kind, identifier)).toBe(reason);
  });

  it('does not repair un-normalised input itself', () => {
    expect(validateOrganisationIdentifier('municipality', 'gm0363')).toBe(GEMEENTECODE);
    expect(validateOrganisationIdentifier('school_board', ' 41234')).toBe(BESTUURSNUMMER);
  });
});

describe('normaliseOrganisationIdentifier', () => {
  it.each<[OrganisationKind, string, string]>([
    ['municipality', ' gm0363 ', 'GM0363'],
    ['municipality', 'Gm0363', 'GM0363'],
    ['municipality', 'GM0363', 'GM0363'],
    ['school_board', '\t41234\n', '41234'],
    ['regional_employer_organisation', ' 01234567 ', '01234567'],
    ['other', 'abc', 'abc'],
  ])('%s: %j -> %j', (kind, raw, normalised) => {
    expect(normaliseOrganisationIdentifier(kind, raw)).toBe(normalised);
  });

  it('makes sloppy but correct input valid', () => {
    const normalised = normaliseOrganisationIdentifier('municipality', ' gm0363');
    expect(validateOrganisationIdentifier('municipality', normalised)).toBeNull();
  });
});

describe('BRIN', () => {
  it.each(['00AA', '12XY', '99ZZ'])('accepts %j', (brin) => {
    expect(validateBrin(brin)).toBeNull();
  });

  it.each(['00aa', '0AAA', '000A', '00AAA', '00AA00', 'AA00', '', ' 00AA'])('rejects %j', (brin) => {
    expect(validateBrin(brin)).toBe(BRIN);
  });

  it('normalises by trimming and uppercasing', () => {
    expect(normaliseBrin(' 12xy ')).toBe('12XY');
    expect(validateBrin(normaliseBrin(' 12xy '))).toBeNull();
  });
});
