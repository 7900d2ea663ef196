import { isRetailStore } from './retail-store';

describe('isRetailStore', () => {
  const pharmacy = { departmentId: '09', name: 'Pharmacy' };

  it('counts a numeric id with departments as a store', () => {
    expect(isRetailStore({ locationId: '01400943', departments: [pharmacy] })).toBe(true);
  });

  it('leaves out fulfilment sheds: no departments, or a non-numeric id', () => {
    expect(isRetailStore({ locationId: '540FC500', departments: [] })).toBe(false);
    expect(isRetailStore({ locationId: '540FC001', departments: [pharmacy] })).toBe(false);
    expect(isRetailStore({ locationId: '01400943', departments: [] })).toBe(false);
  });
});
