import { KrogerProduct } from '../kroger/kroger-types';
import { Product, ProductSummary } from './products.contract';

/** Kroger's product in the shape every channel of ours returns. */
export function toProductDto(product: KrogerProduct, locationId: string | undefined, domain: string): Product {
  const featured = product.images.find((i) => i.featured) ?? product.images[0];
  const price = product.price;
  const onSale = Boolean(price && price.promo > 0 && price.promo < price.regular);
  const aisle = product.aisleLocations[0];
  // Kroger's path carries a tracking tag; the link keeps only the product path.
  const path = product.productPagePath?.split('?')[0];
  return {
    productId: product.productId,
    upc: product.upc,
    name: product.description,
    brand: product.brand,
    categories: [...new Set(product.categories)],
    size: product.size,
    soldBy: product.soldBy,
    imageUrl: featured?.sizes.large ?? featured?.sizes.medium ?? Object.values(featured?.sizes ?? {})[0],
    images: product.images.map((i) => ({
      perspective: i.perspective,
      featured: i.featured,
      sizes: i.sizes,
    })),
    price: price
      ? {
          regular: price.regular,
          promo: price.promo,
          onSale,
          current: onSale ? price.promo : price.regular,
          regularPerUnitEstimate: price.regularPerUnitEstimate,
          promoPerUnitEstimate: price.promoPerUnitEstimate || undefined,
          promoEnds: onSale ? price.expirationDate : undefined,
        }
      : undefined,
    stockLevel: product.stockLevel,
    fulfillment: product.fulfillment,
    aisle: aisle
      ? { description: aisle.description, number: aisle.number, side: aisle.side, shelf: aisle.shelfNumber }
      : undefined,
    temperature: product.temperature?.indicator,
    nutrition: product.nutrition.length > 0 ? product.nutrition : undefined,
    allergens: product.allergens.map((a) => a.name),
    productUrl: path ? `https://${domain}${path}` : undefined,
    locationId: product.price || product.aisleLocations.length > 0 ? locationId : undefined,
  };
}

/** The compact product search results carry to a model: what it needs to choose, nothing more. */
export function toProductSummary(product: Product): ProductSummary {
  const { price } = product;
  return {
    productId: product.productId,
    name: product.name,
    brand: product.brand,
    size: product.size,
    price: price?.current,
    promo: price?.onSale ? { regular: price.regular, ends: price.promoEnds } : undefined,
    stock: product.stockLevel,
    aisle: product.aisle?.description,
    imageUrl: product.imageUrl,
  };
}
