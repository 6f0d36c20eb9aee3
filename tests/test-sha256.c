/* test-sha256.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tz-sha256.h"

/* Our SHA-256 gives GChecksum's digest for every length around the block
 * boundaries where the padding changes, and for a long text. */
static void
test_same_as_gchecksum (void)
{
  g_autofree guint8 *data = g_malloc (70000);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  gsize lengths[] = { 0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 5555, 69999, 70000 };

  for (gsize i = 0; i < 70000; i++)
    data[i] = (guint8) g_rand_int (rand);

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    for (gsize offset = 0; offset < 3; offset++)
      {
        gsize len = MIN (lengths[i], 70000 - offset);
        g_autofree char *ours = tz_sha256_for_data (data + offset, len);
        g_autofree char *glib = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data + offset, len);

        g_assert_cmpstr (ours, ==, glib);
      }
}

/* Given in pieces of every size around the block length, in any order of
 * sizes, the digest is the same as of the whole. */
static void
test_pieces (void)
{
  g_autofree guint8 *data = g_malloc (70000);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2027);
  g_autofree char *whole = NULL;
  const gsize sizes[] = { 0, 1, 2, 31, 63, 64, 65, 127, 128, 129, 1000, 4096 };

  for (gsize i = 0; i < 70000; i++)
    data[i] = (guint8) g_rand_int (rand);
  whole = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, 70000);

  for (guint round = 0; round < 50; round++)
    {
      g_autofree char *pieces = NULL;
      TzSha256 sha;
      gsize done = 0;

      tz_sha256_init (&sha);
      while (done < 70000)
        {
          gsize size = round == 0 ? 64 : sizes[g_rand_int_range (rand, 0, G_N_ELEMENTS (sizes))];

          size = MIN (size, 70000 - done);
          tz_sha256_update (&sha, data + done, size);
          done += size;
        }
      pieces = tz_sha256_finish (&sha);
      g_assert_cmpstr (pieces, ==, whole);
    }
}

static void
test_known_digest (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("abc", 3);
  g_autofree char *digest = tz_sha256_for_bytes (bytes);

  g_assert_cmpstr (digest, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/taizhang/sha256/same-as-gchecksum", test_same_as_gchecksum);
  g_test_add_func ("/taizhang/sha256/known-digest", test_known_digest);
  g_test_add_func ("/taizhang/sha256/pieces", test_pieces);

  return g_test_run ();
}
