/* tz-sha256.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-sha256"

#include "config.h"

#include <string.h>

#include "tz-sha256.h"

/* Every report is hashed to know it again, and GChecksum's portable
 * SHA-256 was an eighth of the time of extracting a report. x86-64
 * processors since about 2017 hash with the SHA extensions (sha256rnds2 and
 * friends) about eight times as fast; elsewhere GChecksum does it. */

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

#ifdef HAVE_SHA_NI

static const guint32 round_constants[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* The compression function over @n_blocks blocks of 64 bytes. The state
 * lives in two registers as ABEF and CDGH, the order sha256rnds2 wants. */
__attribute__ ((target ("sha,sse4.1,ssse3")))
static void
compress_blocks (guint32       state[8],
                 const guint8 *data,
                 gsize         n_blocks)
{
  const __m128i byte_swap = _mm_set_epi64x (0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i abef, cdgh, tmp;

  tmp = _mm_loadu_si128 ((const __m128i *) &state[0]);   /* DCBA */
  cdgh = _mm_loadu_si128 ((const __m128i *) &state[4]);  /* HGFE */
  tmp = _mm_shuffle_epi32 (tmp, 0xB1);                    /* CDAB */
  cdgh = _mm_shuffle_epi32 (cdgh, 0x1B);                  /* EFGH */
  abef = _mm_alignr_epi8 (tmp, cdgh, 8);                  /* ABEF */
  cdgh = _mm_blend_epi16 (cdgh, tmp, 0xF0);               /* CDGH */

  for (gsize b = 0; b < n_blocks; b++, data += 64)
    {
      __m128i abef_saved = abef, cdgh_saved = cdgh;
      __m128i w[4];

      for (guint i = 0; i < 4; i++)
        w[i] = _mm_shuffle_epi8 (_mm_loadu_si128 ((const __m128i *) (data + 16 * i)), byte_swap);

      /* Four rounds a step; w[i % 4] holds the schedule words 4i to
       * 4i + 3, and once used makes room for words 4i + 16 to 4i + 19. */
      for (guint i = 0; i < 16; i++)
        {
          __m128i k = _mm_loadu_si128 ((const __m128i *) &round_constants[4 * i]);
          __m128i wk = _mm_add_epi32 (w[i % 4], k);

          cdgh = _mm_sha256rnds2_epu32 (cdgh, abef, wk);
          wk = _mm_shuffle_epi32 (wk, 0x0E);
          abef = _mm_sha256rnds2_epu32 (abef, cdgh, wk);

          if (i < 12)
            {
              __m128i next = _mm_sha256msg1_epu32 (w[i % 4], w[(i + 1) % 4]);

              next = _mm_add_epi32 (next, _mm_alignr_epi8 (w[(i + 3) % 4], w[(i + 2) % 4], 4));
              w[i % 4] = _mm_sha256msg2_epu32 (next, w[(i + 3) % 4]);
            }
        }

      abef = _mm_add_epi32 (abef, abef_saved);
      cdgh = _mm_add_epi32 (cdgh, cdgh_saved);
    }

  tmp = _mm_shuffle_epi32 (abef, 0x1B);                   /* FEBA */
  cdgh = _mm_shuffle_epi32 (cdgh, 0xB1);                  /* DCHG */
  abef = _mm_blend_epi16 (tmp, cdgh, 0xF0);               /* DCBA */
  cdgh = _mm_alignr_epi8 (cdgh, tmp, 8);                  /* HGFE */
  _mm_storeu_si128 ((__m128i *) &state[0], abef);
  _mm_storeu_si128 ((__m128i *) &state[4], cdgh);
}

static gboolean
have_sha_ni (void)
{
  static gsize checked;
  static gboolean have;

  if (g_once_init_enter (&checked))
    {
      unsigned int eax, ebx, ecx, edx;
      gboolean sse41 = FALSE, sha = FALSE;

      /* CPUID rather than __builtin_cpu_supports ("sha"), which clang lacks:
       * SSE4.1 is leaf 1 ECX bit 19, SHA is leaf 7 EBX bit 29. */
      if (__get_cpuid (1, &eax, &ebx, &ecx, &edx))
        sse41 = (ecx & (1u << 19)) != 0;
      if (__get_cpuid_count (7, 0, &eax, &ebx, &ecx, &edx))
        sha = (ebx & (1u << 29)) != 0;
      have = sse41 && sha;
      g_once_init_leave (&checked, 1);
    }

  return have;
}

#endif /* HAVE_SHA_NI */

static const char hex_digits[] = "0123456789abcdef";

static const guint32 initial_state[8] = {
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

/**
 * tz_sha256_init:
 *
 * Starts a SHA-256 of data given in pieces (tz_sha256_update()), for what
 * is written out in parts rather than kept whole in memory. Ends with
 * tz_sha256_finish(), which frees what @sha holds.
 */
void
tz_sha256_init (TzSha256 *sha)
{
  memset (sha, 0, sizeof *sha);
  memcpy (sha->state, initial_state, sizeof sha->state);

#ifdef HAVE_SHA_NI
  if (have_sha_ni ())
    return;
#endif
  sha->fallback = g_checksum_new (G_CHECKSUM_SHA256);
}

void
tz_sha256_update (TzSha256     *sha,
                  const guint8 *data,
                  gsize         len)
{
  g_return_if_fail (data != NULL || len == 0);

  if (len == 0)
    return;
  sha->length += len;
  if (sha->fallback != NULL)
    {
      g_checksum_update (sha->fallback, data, len);
      return;
    }

#ifdef HAVE_SHA_NI
  if (sha->buffered > 0)
    {
      gsize take = MIN (len, 64 - sha->buffered);

      memcpy (sha->buffer + sha->buffered, data, take);
      sha->buffered += take;
      data += take;
      len -= take;
      if (sha->buffered < 64)
        return;
      compress_blocks (sha->state, sha->buffer, 1);
      sha->buffered = 0;
    }

  compress_blocks (sha->state, data, len / 64);
  memcpy (sha->buffer, data + len / 64 * 64, len % 64);
  sha->buffered = len % 64;
#endif
}

/* Returns: (transfer full): the digest, as 64 lowercase hexadecimal digits */
char *
tz_sha256_finish (TzSha256 *sha)
{
  char *digest;

  if (sha->fallback != NULL)
    {
      digest = g_strdup (g_checksum_get_string (sha->fallback));
      g_clear_pointer (&sha->fallback, g_checksum_free);
      return digest;
    }

  digest = g_malloc (65);
#ifdef HAVE_SHA_NI
  {
    guint8 tail[128] = { 0, };
    gsize tail_len = sha->buffered + 9 <= 64 ? 64 : 128;
    guint64 bits = sha->length * 8;

    /* The last bytes, 0x80, zeros and the length in bits, big-endian. */
    memcpy (tail, sha->buffer, sha->buffered);
    tail[sha->buffered] = 0x80;
    for (guint i = 0; i < 8; i++)
      tail[tail_len - 1 - i] = (guint8) (bits >> (8 * i));
    compress_blocks (sha->state, tail, tail_len / 64);
  }
#endif

  for (guint i = 0; i < 32; i++)
    {
      guint8 byte = (guint8) (sha->state[i / 4] >> (24 - 8 * (i % 4)));

      digest[2 * i] = hex_digits[byte >> 4];
      digest[2 * i + 1] = hex_digits[byte & 0xf];
    }
  digest[64] = '\0';

  return digest;
}

/**
 * tz_sha256_for_data:
 *
 * The SHA-256 of @len bytes at @data, as g_compute_checksum_for_data()
 * gives it: 64 lowercase hexadecimal digits.
 *
 * Returns: (transfer full): the digest
 */
char *
tz_sha256_for_data (const guint8 *data,
                    gsize         len)
{
  TzSha256 sha;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  tz_sha256_init (&sha);
  tz_sha256_update (&sha, data, len);
  return tz_sha256_finish (&sha);
}

/* The same for the contents of @bytes. */
char *
tz_sha256_for_bytes (GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  return tz_sha256_for_data (data, len);
}
