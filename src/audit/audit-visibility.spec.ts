import { AuditVisibility } from './audit-visibility';

describe('what an officer may see of the audit trail', () => {
  it('sees nothing until a feature registers a rule (fail closed)', () => {
    expect(new AuditVisibility().officerScope()).toEqual({ sql: 'FALSE', params: {} });
  });

  it('combines the owners’ rules, with the entity types as parameters', () => {
    const visibility = new AuditVisibility();
    visibility.register('organisations', [{ entityType: 'organisation', visibleIds: 'all' }]);
    visibility.register('applications', [{ entityType: 'application', visibleIds: 'SELECT a.id::text FROM applications a WHERE a.owner = :me' }]);
    visibility.register('schemes', [{ entityType: 'scheme', visibleIds: 'all' }]);
    const scope = visibility.officerScope();
    expect(scope.params).toEqual({ auditTypesForAll: ['organisation', 'scheme'], auditType0: 'application' });
    expect(scope.sql).toBe(
      '(\n  e.entity_type IN (:...auditTypesForAll)\n  OR (e.entity_type = :auditType0 AND e.entity_id IN (SELECT a.id::text FROM applications a WHERE a.owner = :me))\n)',
    );
  });

  it('refuses a second rule for the same entity type', () => {
    const visibility = new AuditVisibility();
    visibility.register('reviews', [{ entityType: 'committee', visibleIds: 'all' }]);
    expect(() => visibility.register('awards', [{ entityType: 'committee', visibleIds: 'all' }])).toThrow('awards registers an audit rule for committee, which reviews has registered already.');
  });
});
