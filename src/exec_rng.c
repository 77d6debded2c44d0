/* exec_rng.c — the executor's portable PRNG: xoshiro256** seeded through splitmix64.
 * See include/hc/exec.h for the exact definition. */
#include "hc/exec.h"

#define GOLDEN 0x9E3779B97F4A7C15ull

uint64_t hc_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += GOLDEN);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void hc_rng_seed(struct hc_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t z = seed ^ (stream * GOLDEN);
    for (int i = 0; i < 4; i++)
        r->s[i] = hc_splitmix64(&z);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t hc_rng_next(struct hc_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

float hc_rng_uniform(struct hc_rng *r)
{
    /* 24 bits u in [0, 2^24): u * 2^-23 is in [0, 2) and exact; subtracting 1 is exact too. */
    uint32_t u = (uint32_t)(hc_rng_next(r) >> 40);
    return (float)u * 0x1p-23f - 1.0f;
}

void hc_rng_fill(struct hc_rng *r, float *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        a[i] = hc_rng_uniform(r);
}
