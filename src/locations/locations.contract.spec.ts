import { StoreSearchInput } from './locations.contract';

describe('StoreSearchInput', () => {
  it('accepts any start below 200 with any limit, so the next-page link of a large page is never refused', () => {
    // A page of 150 out of 190 stores links start=150&limit=150; Kroger's 200 bound the stores, not the request.
    expect(StoreSearchInput.safeParse({ zipCode: '45202', start: 150, limit: 150 }).success).toBe(true);
    expect(StoreSearchInput.safeParse({ zipCode: '45202', start: 200 }).success).toBe(false);
  });
});
