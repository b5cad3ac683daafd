import { RouteTable } from './route-table';

describe('RouteTable (issue 17: 405 instead of 404 for a known path)', () => {
  const table = new RouteTable();
  table.add(['GET', 'HEAD'], '/api/v1/organisations');
  table.add('POST', '/api/v1/organisations');
  table.add('PATCH', '/api/v1/organisations/:organisationId');
  table.add('GET', '/admin/queues/*');

  it('names the methods a path takes', () => {
    expect(table.allowed('/api/v1/organisations')).toEqual(['GET', 'HEAD', 'POST']);
    expect(table.allowed('/api/v1/organisations/123')).toEqual(['PATCH']);
    expect(table.allowed('/admin/queues/api/x')).toEqual(['GET']);
  });

  it('knows no methods for a path no route has', () => {
    expect(table.allowed('/api/v1/organisations/123/x')).toEqual([]);
    expect(table.allowed('/api/v1/organisationsX')).toEqual([]);
    expect(table.allowed('/nowhere')).toEqual([]);
  });
});
