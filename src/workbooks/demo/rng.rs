//! A small seeded random-number generator (SplitMix64), so that `gen-demo --seed S` writes the
//! same portfolio on every machine and every run: no crate, no dependence on the platform.

use uuid::Uuid;

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// A generator of its own for one part of the data (e.g. "people"), so that changing how one
    /// part is drawn does not reshuffle the others.
    pub fn fork(&mut self, stream: &str) -> Rng {
        let mut mixed = self.next_u64();
        for byte in stream.bytes() {
            mixed = (mixed ^ u64::from(byte)).wrapping_mul(0x100_0000_01B3);
        }
        Rng(mixed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `low..=high`.
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        debug_assert!(low <= high);
        let span = (high - low) as u64 + 1;
        low + (self.next_u64() % span) as i64
    }

    /// True with the given probability (0.0–1.0).
    pub fn chance(&mut self, probability: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < probability
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }

    /// Picks by weight: `weighted(&[(a, 3), (b, 1)])` gives `a` three times as often as `b`.
    pub fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, weight)| weight).sum();
        let mut ticket = (self.next_u64() % u64::from(total)) as u32;
        for (item, weight) in items {
            if ticket < *weight {
                return *item;
            }
            ticket -= weight;
        }
        items[items.len() - 1].0
    }

    /// A random (version 4 layout) UUID drawn from this generator, so ids repeat with the seed.
    pub fn uuid(&mut self) -> Uuid {
        let bytes = (u128::from(self.next_u64()) << 64) | u128::from(self.next_u64());
        uuid::Builder::from_random_bytes(bytes.to_be_bytes()).into_uuid()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_draws_the_same_numbers() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        let first: Vec<i64> = (0..100).map(|_| a.between(1, 6)).collect();
        let second: Vec<i64> = (0..100).map(|_| b.between(1, 6)).collect();
        assert_eq!(first, second);
        assert!(first.iter().all(|n| (1..=6).contains(n)));
        assert!(
            (1..=6).all(|n| first.contains(&n)),
            "every face appears in 100 throws"
        );
        assert_ne!(Rng::new(8).uuid(), Rng::new(7).uuid());
    }

    #[test]
    fn weights_and_chances_are_roughly_kept() {
        let mut rng = Rng::new(1);
        let heads = (0..10_000).filter(|_| rng.chance(0.25)).count();
        assert!((2_200..2_800).contains(&heads), "{heads}");
        let threes = (0..10_000)
            .filter(|_| rng.weighted(&[(1, 1), (3, 3)]) == 3)
            .count();
        assert!((7_200..7_800).contains(&threes), "{threes}");
    }
}
