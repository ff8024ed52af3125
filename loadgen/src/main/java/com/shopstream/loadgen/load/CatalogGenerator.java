package com.shopstream.loadgen.load;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic product catalog: the same seed and size give the same products, with names,
 * descriptions, brands, prices and stock that read like a real shop's.
 */
public final class CatalogGenerator {

    private record Category(String name, double minPrice, double maxPrice, String[] brands, String[] nouns) {
    }

    private static final List<Category> CATEGORIES = List.of(
            new Category("electronics", 9, 1500, new String[] {"Voltra", "Nexon", "Auralis", "Kiteo", "Brightwave"},
                    new String[] {"Headphones", "Speaker", "Smartwatch", "Charger", "Tablet", "Camera", "Keyboard", "Monitor"}),
            new Category("books", 4, 60, new String[] {"Penwick", "Oakleaf Press", "Harbor House", "Lumen", "Quill & Co"},
                    new String[] {"Novel", "Cookbook", "Atlas", "Biography", "Field Guide", "Anthology", "Workbook"}),
            new Category("home & kitchen", 5, 400, new String[] {"Hearthly", "Casa Nova", "Ironbark", "Dwell", "Copperline"},
                    new String[] {"Skillet", "Knife Set", "Blender", "Lamp", "Throw Blanket", "Kettle", "Storage Jar"}),
            new Category("fashion", 8, 300, new String[] {"Northwind", "Vela", "Marrow & Thread", "Solstice", "Arden"},
                    new String[] {"Jacket", "Sneakers", "Scarf", "Backpack", "Dress", "Wallet", "Sunglasses"}),
            new Category("sports", 6, 800, new String[] {"Peakform", "Stride", "Tidewater", "Summit", "Kinetic"},
                    new String[] {"Yoga Mat", "Running Shoes", "Water Bottle", "Dumbbell Set", "Tent", "Bike Helmet"}),
            new Category("toys", 3, 150, new String[] {"Tinker Tots", "Wonderbox", "Pip & Pop", "Brickwell", "Starling"},
                    new String[] {"Puzzle", "Building Set", "Plush Bear", "Board Game", "Kite", "Train Set"}),
            new Category("beauty", 4, 120, new String[] {"Lumiere", "Petal", "Verdant", "Aurora", "Silk & Stone"},
                    new String[] {"Face Serum", "Lip Balm", "Shampoo", "Perfume", "Hand Cream", "Brush Set"}),
            new Category("grocery", 1, 40, new String[] {"Green Acre", "Millstone", "Harvest Table", "Salt & Sea", "Orchard"},
                    new String[] {"Coffee Beans", "Olive Oil", "Granola", "Tea Sampler", "Dark Chocolate", "Honey"}),
            new Category("garden", 3, 350, new String[] {"Fernway", "Bloomfield", "Rootstock", "Sunpatch", "Mossgrove"},
                    new String[] {"Planter", "Hose", "Pruning Shears", "Seed Kit", "Bird Feeder", "Garden Chair"}),
            new Category("automotive", 5, 500, new String[] {"Roadrunner", "Gearline", "Motiva", "Torque", "Highway"},
                    new String[] {"Dash Cam", "Floor Mats", "Jump Starter", "Tire Inflator", "Seat Cover", "Phone Mount"}),
            new Category("health", 3, 200, new String[] {"Vitalis", "Purecare", "Evergreen", "Balance", "Restwell"},
                    new String[] {"Vitamins", "Thermometer", "First Aid Kit", "Massage Gun", "Sleep Mask", "Scale"}),
            new Category("music", 5, 1200, new String[] {"Resonance", "Fretwork", "Cadence", "Tempo", "Octave"},
                    new String[] {"Guitar Strings", "Ukulele", "Keyboard Stand", "Microphone", "Drum Pad", "Vinyl Record"}));

    private static final String[] ADJECTIVES = {"Classic", "Compact", "Premium", "Everyday", "Pro", "Eco", "Deluxe",
        "Lightweight", "Vintage", "Smart", "Essential", "Ultra", "Handmade", "Travel", "Signature"};
    private static final String[] QUALITIES = {"durable materials", "a timeless design", "thoughtful details",
        "everyday comfort", "reliable performance", "sustainable sourcing", "a lifetime warranty", "easy care"};
    private static final String[] USES = {"daily use", "gifting", "small spaces", "weekend trips", "beginners",
        "busy mornings", "the whole family", "serious enthusiasts"};

    private CatalogGenerator() {
    }

    public static List<String> categoryNames() {
        return CATEGORIES.stream().map(Category::name).toList();
    }

    static List<CatalogProduct> generate(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<CatalogProduct> products = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            Category category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
            String brand = category.brands()[random.nextInt(category.brands().length)];
            String noun = category.nouns()[random.nextInt(category.nouns().length)];
            String adjective = ADJECTIVES[random.nextInt(ADJECTIVES.length)];
            String name = brand + " " + adjective + " " + noun;
            String description = "The " + adjective.toLowerCase() + " " + noun.toLowerCase() + " from " + brand
                    + ", made with " + QUALITIES[random.nextInt(QUALITIES.length)] + ". Ideal for "
                    + USES[random.nextInt(USES.length)] + ".";
            // Log-uniform prices: many cheap items, a few expensive ones, as in real catalogs.
            double logMin = Math.log(category.minPrice());
            double logMax = Math.log(category.maxPrice());
            double price = Math.exp(logMin + random.nextDouble() * (logMax - logMin));
            BigDecimal rounded = BigDecimal.valueOf(price).setScale(0, RoundingMode.DOWN).add(new BigDecimal("0.99"));
            products.add(new CatalogProduct(i, name, description, category.name(), brand, rounded, random.nextInt(501)));
        }
        return products;
    }
}
